package org.tinyfit.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import org.tinyfit.model.search.TrialResult;
import org.tinyfit.model.search.TrialSpec;

/**
 * One trial sent to a worker: the spec's fields and nothing else. On the worker it returns the
 * result already held by the cluster for the trial's key if there is one; otherwise it claims the
 * trial, fetches and checks the inputs, runs the worker's runner and puts the result into the
 * cluster's result map with {@code putIfAbsent}, so whichever run of a key finishes first is the
 * result every caller gets. A runner's failure (bad data, out of memory) is a result; a missing or
 * damaged input is an exception (the coordinator tries the trial again elsewhere).
 */
final class TrialTask implements Callable<Wire.ResultMessage>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private TrialSpec spec;
    private transient HazelcastInstance hz;

    TrialTask() { }

    TrialTask(TrialSpec spec) { this.spec = spec; }

    @Override public void setHazelcastInstance(HazelcastInstance hz) { this.hz = hz; }

    @Override public int getFactoryId() { return Wire.FACTORY_ID; }

    @Override public int getClassId() { return Wire.TASK; }

    @Override public void writeData(ObjectDataOutput out) throws IOException { Wire.writeSpec(out, spec); }

    @Override public void readData(ObjectDataInput in) throws IOException { spec = Wire.readSpec(in); }

    @Override public Wire.ResultMessage call() throws Exception {
        Object c = hz.getUserContext().get(ClusterConfig.CONTEXT);
        if (!(c instanceof Worker.Context ctx)) throw new IllegalStateException("this member runs no trials");
        String key = spec.key();
        IMap<String, Wire.ResultMessage> results = hz.getMap(ClusterConfig.RESULTS);
        Wire.ResultMessage held = results.get(key);
        if (held != null) return held;
        IMap<String, Wire.Claim> claims = hz.getMap(ClusterConfig.CLAIMS);
        Wire.Claim claim = new Wire.Claim(hz.getCluster().getLocalMember().getUuid().toString(), ctx.address(), spec, System.currentTimeMillis());
        claims.set(key, claim);
        try {
            Path[] in = ctx.cache().files(hz, spec);
            Thread self = Thread.currentThread();
            long t0 = System.nanoTime();
            TrialResult r;
            try {
                r = ctx.runner().run(spec, in[0], in[1], in[2], self::isInterrupted);
                if (r == null) r = TrialResult.failed(key, "the trial runner returned nothing", seconds(t0), ctx.address());
                else if (!key.equals(r.key())) r = TrialResult.failed(key, "the trial runner answered for another trial", seconds(t0), ctx.address());
            } catch (CancellationException e) {
                throw e;
            } catch (OutOfMemoryError e) {
                r = TrialResult.failed(key, "out of memory on " + ctx.address() + " (" + e.getMessage() + ")", seconds(t0), ctx.address());
            } catch (RuntimeException | Error e) {
                if (self.isInterrupted()) throw new CancellationException("trial cancelled");
                r = TrialResult.failed(key, e.getClass().getSimpleName() + ": " + e.getMessage(), seconds(t0), ctx.address());
            }
            r = new TrialResult(r.key(), r.ok(), r.accuracy(), r.evalSamples(), r.ciLow(), r.ciHigh(), r.trainSeconds(), r.message(),
                    r.model(), ctx.address());
            Wire.ResultMessage mine = new Wire.ResultMessage(r);
            Wire.ResultMessage first = results.putIfAbsent(key, mine);
            ctx.finished(first == null);
            return first != null ? first : mine;
        } finally {
            claims.remove(key, claim);
        }
    }

    private static double seconds(long t0) { return (System.nanoTime() - t0) / 1e9; }
}
