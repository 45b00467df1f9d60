package org.tinyfit.model.train;

/**
 * Progress of a training run, published after every mini-batch and at the end
 * of every epoch ({@code epochEnd}; then {@code validationAccuracy} is set when
 * a validation set was given, else NaN).
 */
public record TrainProgress(int epoch, int epochs, int batch, int batches, double loss, double trainAccuracy,
                            double samplesPerSecond, double etaSeconds, boolean epochEnd, double validationAccuracy) { }
