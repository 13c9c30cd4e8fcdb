package dev.pds.core.plc;

import dev.pds.core.data.DataList;
import dev.pds.core.data.DataMap;
import dev.pds.core.data.DataValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A regular did:plc operation ({@code type: "plc_operation"}): the whole state of the DID
 * after it. Maps keep their insertion order because the DID document lists methods and
 * services in the order the operation's JSON gave them; DAG-CBOR sorts keys regardless.
 */
public record PlcOperation(
        List<String> rotationKeys,
        Map<String, String> verificationMethods,
        List<String> alsoKnownAs,
        Map<String, PlcService> services,
        String prev,
        String sig) implements PlcOp {
    public static final String TYPE = "plc_operation";
    /** The verification method id of the atproto repository signing key. */
    public static final String ATPROTO_KEY_ID = "atproto";

    public PlcOperation {
        rotationKeys = List.copyOf(rotationKeys);
        verificationMethods = Collections.unmodifiableMap(new LinkedHashMap<>(verificationMethods));
        alsoKnownAs = List.copyOf(alsoKnownAs);
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        verificationMethods.forEach((k, v) -> Objects.requireNonNull(v, "verification method " + k));
        services.forEach((k, v) -> Objects.requireNonNull(v, "service " + k));
    }

    /**
     * The unsigned operation atproto accounts start with: the PDS's signing key as
     * {@code #atproto}, {@code at://<handle>}, the PDS as {@code #atproto_pds}, prev null.
     */
    public static PlcOperation atprotoGenesis(String signingDidKey, String handle, String pdsEndpoint,
            List<String> rotationKeys) {
        return new PlcOperation(rotationKeys, Map.of(ATPROTO_KEY_ID, signingDidKey),
                List.of(atUri(handle)), Map.of(PlcService.ATPROTO_PDS_ID, PlcService.atprotoPds(pdsEndpoint)),
                null, null);
    }

    /**
     * The unsigned operation that keeps the state of {@code last} and follows it: what an
     * update (handle, PDS, keys) starts from. A legacy create is normalized first.
     *
     * @throws PlcException ({@code MisorderedPlcOperation}) if {@code last} is a tombstone
     */
    public static PlcOperation following(PlcOp last) {
        PlcOperation base = PlcState.normalize(last);
        if (base == null) {
            throw PlcException.misordered();
        }
        return base.asNextAfter(last.cid().toString());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public PlcOperation withSig(String sig) {
        return new PlcOperation(rotationKeys, verificationMethods, alsoKnownAs, services, prev, sig);
    }

    /** This state as the unsigned next operation after {@code prevCid}. */
    public PlcOperation asNextAfter(String prevCid) {
        return new PlcOperation(rotationKeys, verificationMethods, alsoKnownAs, services,
                Objects.requireNonNull(prevCid, "prevCid"), null);
    }

    /** The handle entry replaced (the first {@code at://} entry, or prepended if none), unsigned. */
    public PlcOperation withHandle(String handle) {
        String uri = atUri(handle);
        List<String> aka = new ArrayList<>(alsoKnownAs);
        int i = 0;
        while (i < aka.size() && !aka.get(i).startsWith("at://")) {
            i++;
        }
        if (i < aka.size()) {
            aka.set(i, uri);
        } else {
            aka.add(0, uri);
        }
        return new PlcOperation(rotationKeys, verificationMethods, aka, services, prev, null);
    }

    /** The {@code #atproto_pds} service set to {@code endpoint}, unsigned. */
    public PlcOperation withPds(String endpoint) {
        Map<String, PlcService> s = new LinkedHashMap<>(services);
        s.put(PlcService.ATPROTO_PDS_ID, PlcService.atprotoPds(endpoint));
        return new PlcOperation(rotationKeys, verificationMethods, alsoKnownAs, s, prev, null);
    }

    /** The {@code #atproto} verification method set to {@code signingDidKey}, unsigned. */
    public PlcOperation withAtprotoKey(String signingDidKey) {
        Map<String, String> vm = new LinkedHashMap<>(verificationMethods);
        vm.put(ATPROTO_KEY_ID, signingDidKey);
        return new PlcOperation(rotationKeys, vm, alsoKnownAs, services, prev, null);
    }

    public PlcOperation withRotationKeys(List<String> keys) {
        return new PlcOperation(keys, verificationMethods, alsoKnownAs, services, prev, null);
    }

    /** The first {@code at://} entry without its prefix, or null. */
    public String handle() {
        for (String aka : alsoKnownAs) {
            if (aka.startsWith("at://")) {
                return aka.substring("at://".length());
            }
        }
        return null;
    }

    @Override
    public DataMap unsignedData() {
        DataMap.Builder vm = DataMap.builder();
        verificationMethods.forEach(vm::put);
        DataMap.Builder svc = DataMap.builder();
        services.forEach((id, s) -> svc.put(id, DataMap.builder()
                .put("type", s.type()).put("endpoint", s.endpoint()).build()));
        DataMap.Builder b = DataMap.builder()
                .put("type", TYPE)
                .put("rotationKeys", strings(rotationKeys))
                .put("verificationMethods", vm.build())
                .put("alsoKnownAs", strings(alsoKnownAs))
                .put("services", svc.build());
        return (prev == null ? b.putNull("prev") : b.put("prev", prev)).build();
    }

    static DataList strings(List<String> values) {
        List<DataValue> items = new ArrayList<>(values.size());
        for (String v : values) {
            items.add(DataValue.of(v));
        }
        return new DataList(items);
    }

    /** {@code at://} + the handle, accepting a handle that already has it (as the directory's library does). */
    static String atUri(String handle) {
        Objects.requireNonNull(handle, "handle");
        if (handle.startsWith("at://")) {
            return handle;
        }
        return "at://" + handle.replace("http://", "").replace("https://", "");
    }
}
