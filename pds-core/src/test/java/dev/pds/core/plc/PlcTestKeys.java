package dev.pds.core.plc;

import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import java.util.List;

/** Fixed keys, so failures reproduce. */
final class PlcTestKeys {
    static final Keypair ROTATION_HIGH = Keypair.fromPrivateKeyHex(Curve.K256,
            "9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c");
    static final Keypair ROTATION_LOW = Keypair.fromPrivateKeyHex(Curve.P256,
            "2b7e151628aed2a6abf7158809cf4f3c2b7e151628aed2a6abf7158809cf4f3c");
    static final Keypair SIGNING = Keypair.fromPrivateKeyHex(Curve.K256,
            "0000000000000000000000000000000000000000000000000000000000000007");
    static final Keypair STRANGER = Keypair.fromPrivateKeyHex(Curve.K256,
            "1111111111111111111111111111111111111111111111111111111111111111");

    private PlcTestKeys() {
    }

    /** A genesis op with rotation keys [high, low], signed by {@code signer}. */
    static PlcOperation genesis(Keypair signer) {
        PlcOperation unsigned = PlcOperation.atprotoGenesis(SIGNING.didKey(), "alice.test", "https://pds.example.com",
                List.of(ROTATION_HIGH.didKey(), ROTATION_LOW.didKey()));
        return PlcSignatures.sign(unsigned, signer);
    }
}
