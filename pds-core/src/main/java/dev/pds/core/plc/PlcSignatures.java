package dev.pds.core.plc;

import dev.pds.crypto.CryptoException;
import dev.pds.crypto.DidKey;
import dev.pds.crypto.Keypair;
import dev.pds.crypto.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Signing and verifying operations: ECDSA-SHA256 over the DAG-CBOR of the operation without
 * {@code sig}, low-S, 64-byte {@code r||s}, base64url without padding. Verification is strict
 * (the spec requires it, or the CID of an op could change without breaking its signature):
 * padding, stray characters, non-zero trailing bits, DER and high-S are all refused.
 */
public final class PlcSignatures {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int SIGNATURE_LENGTH = 64;
    /** Length of the base64url text of 64 bytes, unpadded. */
    private static final int SIG_TEXT_LENGTH = 86;

    private PlcSignatures() {
    }

    /** {@code op} signed by {@code rotationKey}; any existing signature is replaced. */
    @SuppressWarnings("unchecked")
    public static <T extends PlcOp> T sign(T op, Keypair rotationKey) {
        byte[] signature = rotationKey.sign(op.unsignedBytes());
        return (T) op.withSig(ENCODER.encodeToString(signature));
    }

    /**
     * The first of {@code allowedDidKeys} whose key signed {@code op}, or empty when none did or
     * the signature is not in its one strict form. Keys that cannot be parsed never match.
     */
    public static Optional<String> signer(PlcOp op, List<String> allowedDidKeys) {
        byte[] signature = decodeStrict(op.sig());
        if (signature == null) {
            return Optional.empty();
        }
        byte[] message = op.unsignedBytes();
        for (String didKey : allowedDidKeys) {
            PublicKey key;
            try {
                key = DidKey.parse(didKey);
            } catch (CryptoException e) {
                continue;
            }
            if (key.verify(message, signature)) {
                return Optional.of(didKey);
            }
        }
        return Optional.empty();
    }

    /** Like {@link #signer} but throws {@link PlcException} ({@code InvalidPlcSignature}) when none signed. */
    public static String requireSigner(PlcOp op, List<String> allowedDidKeys) {
        return signer(op, allowedDidKeys).orElseThrow(() -> new PlcException(PlcException.INVALID_SIGNATURE,
                "Invalid signature on op: " + op.toJson()));
    }

    /** The 64 signature bytes, or null unless {@code sig} is their canonical unpadded base64url. */
    static byte[] decodeStrict(String sig) {
        if (sig == null || sig.length() != SIG_TEXT_LENGTH) {
            return null;
        }
        for (int i = 0; i < sig.length(); i++) {
            char c = sig.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return null;
            }
        }
        byte[] bytes = DECODER.decode(sig);
        // the decoder ignores trailing bits; re-encoding shows whether they were zero
        if (bytes.length != SIGNATURE_LENGTH || !ENCODER.encodeToString(bytes).equals(sig)) {
            return null;
        }
        return bytes;
    }
}
