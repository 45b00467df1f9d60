package org.tinyfit.model.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed provenance and its JSON form, including what files written before it carry. */
class ProvenanceTest {

    /** The provenance of a trained KP atlas file as TinyFit wrote it before the record was typed. */
    static Map<String, Object> oldTrained() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "trained compressed model (scratch)");
        m.put("plan", "rnn.kernel=kp:4x5,8x8;fc.kernel=dense");
        m.put("from", "scratch");
        m.put("base_model", "digits-fastrnn");
        m.put("train_data", Map.of("name", "train", "samples", 1400, "sha256", "3de0"));
        m.put("eval_data", Map.of("name", "test", "samples", 397));
        m.put("seed", 1);
        m.put("epochs", 30);
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("optimizer", "adam");
        hp.put("batch_size", 64);
        hp.put("learning_rate", 0.02);
        hp.put("schedule", "linear warm-up 100 steps, cosine decay to 0");
        hp.put("clip_norm", 5.0);
        hp.put("weight_decay", 0.0);
        hp.put("dkp", "overlay density annealed from 1.0 (cubic) until 0.75 of training; co-matrix dropout 0.5");
        hp.put("pruning", "gradual magnitude, cubic schedule from 0.0 to 0.75 of training, 30 mask updates");
        hp.put("quantization", "quantization-aware (per-tensor symmetric fake quantization, straight-through estimator) for b < 32");
        m.put("hyperparameters", hp);
        m.put("accuracy", 0.9017632241813602);
        m.put("accuracy_ci", List.of(0.8685226186123096, 0.9273032446567298));
        m.put("train_seconds", 3);
        m.put("tinyfit_version", "0.1.0-SNAPSHOT");
        m.put("date", "2026-11-24");
        return m;
    }

    @Test void readsATrainedFileOfEarlierVersions() {
        Provenance p = Provenance.fromMap(oldTrained());
        assertEquals(ModelKind.TRAINED, p.kind());
        assertEquals("scratch", p.start());
        assertEquals(1L, p.seed());
        assertEquals(30, p.epochs());
        assertEquals("3de0", p.trainData().sha256());
        assertEquals(397L, p.evalData().samples());
        assertEquals(0.9017632241813602, p.accuracy().value());
        assertEquals(100, p.hyperparameters().warmupSteps());
        // the old sentences were written whatever the plan: a KP float32 plan used none of them
        assertNull(p.hyperparameters().dkp());
        assertNull(p.hyperparameters().pruning());
        assertFalse(p.hyperparameters().quantizationAware());
        assertTrue(p.hyperparameters().extra().isEmpty());
        assertTrue(p.extra().isEmpty());
    }

    @Test void oldSentencesCountWhenThePlanUsedThem() {
        Map<String, Object> m = oldTrained();
        m.put("plan", "rnn.kernel=dkp:4x5,8x8:0.03/int8;fc.kernel=prune:0.5");
        Provenance p = Provenance.fromMap(m);
        assertEquals(new Provenance.DkpSettings(1.0, 0.75, 0.5, 30), p.hyperparameters().dkp());
        assertEquals(new Provenance.PruneSettings(0.0, 0.75, 30), p.hyperparameters().pruning());
        assertTrue(p.hyperparameters().quantizationAware());
    }

    @Test void anOldQuantizedFileCarriedItsParentsAccuracy() {
        Map<String, Object> m = oldTrained();
        m.put("kind", "trained variant kp-4x5-8x8, quantized after training (no retraining)");
        m.put("plan", "rnn.kernel=kp:4x5,8x8/int4;fc.kernel=dense");
        Provenance p = Provenance.fromMap(m);
        assertEquals(ModelKind.QUANTIZED_AFTER_TRAINING, p.kind());
        assertNull(p.accuracy(), "not measured on this file");
        assertEquals("kp-4x5-8x8", p.parent().file());
        assertEquals(0.9017632241813602, p.parent().accuracy().value());
        assertFalse(p.hyperparameters().quantizationAware(), "quantized after training, not during it");
    }

    @Test void anOldExportIsAProjectionOfItsParent() {
        Map<String, Object> m = oldTrained();
        m.put("plan", "rnn.kernel=lmf:2;fc.kernel=dense");
        m.put("compressed_from", "digits-fastrnn.tinyfit");
        m.put("compressed_with", "TinyFit 0.1.0 (projection, no retraining)");
        m.put("compressed_date", "2026-11-28");
        Provenance p = Provenance.fromMap(m);
        assertEquals(ModelKind.PROJECTED, p.kind());
        assertEquals("digits-fastrnn.tinyfit", p.parent().file());
        assertEquals(ModelKind.TRAINED, p.parent().kind());
        assertNull(p.accuracy());
        assertEquals("2026-11-28", p.date());
        assertEquals(p, Provenance.fromMap(p.toMap()));
    }

    @Test void roundTripsAndKeepsUnknownKeys() {
        Map<String, Object> m = oldTrained();
        m.put("kind", "trained baseline (dense float32)");
        m.put("source", "UCI digits");
        m.put("train_data", Map.of("name", "digits-train", "samples", 1400, "split", "permutation", "shipped", true));
        Provenance p = Provenance.fromMap(m);
        assertEquals("UCI digits", p.extra().get("source"));
        assertEquals(true, p.trainData().extra().get("shipped"));
        Map<String, Object> written = p.toMap();
        assertEquals("trained", written.get("kind"));
        assertEquals(p, Provenance.fromMap(written));
        assertEquals(written, Provenance.fromMap(written).toMap());
        assertTrue(Provenance.NONE.toMap().isEmpty());
        assertEquals(Provenance.NONE, Provenance.fromMap(Map.of()));
    }

    @Test void derivedModelsKeepTheTrainingRecordAndMeasureTheirOwnAccuracy() {
        Provenance parent = Provenance.fromMap(oldTrained());
        Provenance q = parent.derived(ModelKind.QUANTIZED_AFTER_TRAINING, "rnn.kernel=kp:4x5,8x8/int4;fc.kernel=dense",
                "digits-fastrnn.kp-4x5-8x8.tinyfit", "post-training quantization", "0.2", "2026-11-29");
        assertNull(q.accuracy());
        assertEquals(parent.accuracy(), q.parent().accuracy());
        assertEquals(ModelKind.TRAINED, q.parent().kind());
        assertEquals(parent.seed(), q.seed());
        q = q.withAccuracy(new Provenance.Accuracy(0.597, 0.548, 0.644));
        Map<String, Object> w = q.toMap();
        assertEquals("quantized after training", w.get("kind"));
        assertEquals(0.597, w.get("accuracy"));
        assertNotNull(w.get("parent"));
        assertEquals(q, Provenance.fromMap(w));
    }

    @Test void kindsParseTheirIdsAndOldSentences() {
        for (ModelKind k : ModelKind.values()) assertEquals(k, ModelKind.parse(k.id()));
        assertEquals(ModelKind.IMPORTED, ModelKind.parse("imported (dense float32)"));
        assertTrue(ModelKind.QUANTIZED_AFTER_TRAINING.is("quantized after training"));
        assertFalse(ModelKind.QUANTIZED_AFTER_TRAINING.is("trained"));
    }
}
