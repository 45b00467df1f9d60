package org.tinyfit.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import org.tinyfit.model.search.TrialResult;
import org.tinyfit.model.search.TrialSpec;

/**
 * What TinyFit sends between members. Every type is an {@link IdentifiedDataSerializable}: on the
 * wire it is a pair of numbers (this factory, a type id) followed by plain fields (strings, numbers,
 * bytes), so a member never loads a class named by the sender; an unknown type id is an error.
 */
final class Wire {
    private Wire() { }

    /** Factory id of TinyFit's types (any number no other factory of the cluster uses). */
    static final int FACTORY_ID = 0x7F17;
    static final int TASK = 1;
    static final int RESULT = 2;
    static final int CLAIM = 3;

    /** Longest string field read from the wire (characters); longer is refused. */
    static final int MAX_TEXT = TrialSpec.MAX_PLAN + 4_096;

    static final DataSerializableFactory FACTORY = typeId -> switch (typeId) {
        case TASK -> new TrialTask();
        case RESULT -> new ResultMessage();
        case CLAIM -> new Claim();
        default -> null; // Hazelcast refuses the payload
    };

    static String readText(ObjectDataInput in) throws IOException {
        String s = in.readString();
        if (s != null && s.length() > MAX_TEXT) throw new IOException("a text field of " + s.length() + " characters");
        return s;
    }

    static void writeSpec(ObjectDataOutput out, TrialSpec s) throws IOException {
        out.writeString(s.searchId());
        out.writeString(s.modelSha256());
        out.writeString(s.trainSha256());
        out.writeString(s.evalSha256());
        out.writeString(s.plan());
        out.writeInt(s.epochs());
        out.writeLong(s.seed());
    }

    /** Reads a spec; its constructor checks every field (hashes, plan length, epochs). */
    static TrialSpec readSpec(ObjectDataInput in) throws IOException {
        String id = readText(in);
        String m = readText(in);
        String t = readText(in);
        String e = readText(in);
        String plan = readText(in);
        int epochs = in.readInt();
        long seed = in.readLong();
        try {
            return new TrialSpec(id, m, t, e, plan, epochs, seed);
        } catch (IllegalArgumentException ex) {
            throw new IOException("a malformed trial: " + ex.getMessage(), ex);
        }
    }

    /** A {@link TrialResult} on the wire and in the cluster's result map. */
    static final class ResultMessage implements IdentifiedDataSerializable {
        private TrialResult result;

        ResultMessage() { }

        ResultMessage(TrialResult result) { this.result = result; }

        TrialResult result() { return result; }

        @Override public int getFactoryId() { return FACTORY_ID; }

        @Override public int getClassId() { return RESULT; }

        @Override public void writeData(ObjectDataOutput out) throws IOException {
            TrialResult r = result;
            out.writeString(r.key());
            out.writeBoolean(r.ok());
            out.writeDouble(r.accuracy());
            out.writeInt(r.evalSamples());
            out.writeDouble(r.ciLow());
            out.writeDouble(r.ciHigh());
            out.writeDouble(r.trainSeconds());
            out.writeString(r.message());
            out.writeByteArray(r.model());
            out.writeString(r.worker());
        }

        @Override public void readData(ObjectDataInput in) throws IOException {
            String key = readText(in);
            boolean ok = in.readBoolean();
            double acc = in.readDouble();
            int n = in.readInt();
            double lo = in.readDouble();
            double hi = in.readDouble();
            double secs = in.readDouble();
            String msg = readText(in);
            byte[] model = in.readByteArray();
            String worker = readText(in);
            try {
                result = new TrialResult(key, ok, acc, n, lo, hi, secs, msg, model, worker);
            } catch (RuntimeException ex) {
                throw new IOException("a malformed trial result: " + ex.getMessage(), ex);
            }
        }
    }

    /** Which member runs a trial, since when (the value of the claims map, keyed by trial key). */
    static final class Claim implements IdentifiedDataSerializable {
        String memberUuid;
        String address;
        String plan;
        int epochs;
        long seed;
        long startedMillis;

        Claim() { }

        Claim(String memberUuid, String address, TrialSpec spec, long startedMillis) {
            this.memberUuid = memberUuid;
            this.address = address;
            this.plan = spec.plan();
            this.epochs = spec.epochs();
            this.seed = spec.seed();
            this.startedMillis = startedMillis;
        }

        @Override public int getFactoryId() { return FACTORY_ID; }

        @Override public int getClassId() { return CLAIM; }

        @Override public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(memberUuid);
            out.writeString(address);
            out.writeString(plan);
            out.writeInt(epochs);
            out.writeLong(seed);
            out.writeLong(startedMillis);
        }

        @Override public void readData(ObjectDataInput in) throws IOException {
            memberUuid = readText(in);
            address = readText(in);
            plan = readText(in);
            epochs = in.readInt();
            seed = in.readLong();
            startedMillis = in.readLong();
        }

        @Override public boolean equals(Object o) {
            return o instanceof Claim c && java.util.Objects.equals(memberUuid, c.memberUuid) && java.util.Objects.equals(address, c.address)
                    && java.util.Objects.equals(plan, c.plan) && epochs == c.epochs && seed == c.seed && startedMillis == c.startedMillis;
        }

        @Override public int hashCode() { return java.util.Objects.hash(memberUuid, address, plan, epochs, seed, startedMillis); }
    }
}
