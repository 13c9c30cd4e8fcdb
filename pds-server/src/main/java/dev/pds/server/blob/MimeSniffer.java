package dev.pds.server.blob;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Recognises the media types people upload (images, video, audio, PDF) from their first bytes,
 * with the magic numbers and the media type names of the {@code file-type} package the
 * reference PDS uses. When nothing is recognised the uploader's Content-Type stands, as in the
 * reference. The type only labels the blob; getBlob's headers keep browsers from acting on it.
 */
final class MimeSniffer {
    /** How much of the start of a blob {@link #sniff} looks at. */
    static final int HEAD_BYTES = 4096;

    private MimeSniffer() {
    }

    /** The media type {@code head} (the first bytes of a blob, up to {@link #HEAD_BYTES}) shows, if any. */
    static Optional<String> sniff(byte[] head, int length) {
        Bytes b = new Bytes(head, length);
        if (b.startsWith(0x42, 0x4D)) {
            return Optional.of("image/bmp");
        }
        if (b.startsWith(0x47, 0x49, 0x46)) {
            return Optional.of("image/gif");
        }
        if (b.startsWith(0xFF, 0xD8, 0xFF)) {
            return Optional.of(b.at(3) == 0xF7 ? "image/jls" : "image/jpeg");
        }
        if (b.ascii(0, "ID3")) {
            return Optional.of("audio/mpeg");
        }
        if (b.ascii(0, "OggS")) {
            return Optional.of(ogg(b));
        }
        if (b.ascii(0, "fLaC")) {
            return Optional.of("audio/flac");
        }
        if (b.ascii(0, "%PDF")) {
            return Optional.of("application/pdf");
        }
        if (b.startsWith(0x49, 0x49, 0x2A, 0x00) || b.startsWith(0x4D, 0x4D, 0x00, 0x2A)) {
            return Optional.of("image/tiff");
        }
        if (b.startsWith(0x1A, 0x45, 0xDF, 0xA3)) {
            return ebmlDocType(b).map(t -> t.equals("webm") ? "video/webm" : t.equals("matroska") ? "video/matroska" : null);
        }
        if (b.startsWith(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)) {
            return png(b);
        }
        if (b.ascii(4, "free") || b.ascii(4, "mdat") || b.ascii(4, "moov") || b.ascii(4, "wide")) {
            return Optional.of("video/quicktime");
        }
        if (b.ascii(4, "ftyp") && (b.at(8) & 0x60) != 0) {
            return Optional.of(isoBrand(b));
        }
        if (b.ascii(0, "RIFF")) {
            if (b.ascii(8, "WEBP")) {
                return Optional.of("image/webp");
            }
            if (b.ascii(8, "AVI")) {
                return Optional.of("video/vnd.avi");
            }
            if (b.ascii(8, "WAVE")) {
                return Optional.of("audio/wav");
            }
        }
        if (b.startsWith(0xFF, 0x0A)
                || b.startsWith(0x00, 0x00, 0x00, 0x0C, 0x4A, 0x58, 0x4C, 0x20, 0x0D, 0x0A, 0x87, 0x0A)) {
            return Optional.of("image/jxl");
        }
        if (b.startsWith(0x00, 0x00, 0x01, 0x00) || b.startsWith(0x00, 0x00, 0x02, 0x00)) {
            return Optional.of("image/x-icon");
        }
        // an MPEG audio frame: 11 sync bits, then layer bits that are not "reserved"
        if (b.length >= 2 && b.at(0) == 0xFF && (b.at(1) & 0xE0) == 0xE0 && (b.at(1) & 0x06) != 0) {
            return Optional.of("audio/mpeg");
        }
        return Optional.empty();
    }

    /** The ISO base media brand decides between video, audio and the image formats (AVIF, HEIC). */
    private static String isoBrand(Bytes b) {
        String brand = new String(b.bytes, 8, Math.min(4, b.length - 8), StandardCharsets.ISO_8859_1)
                .replace('\0', ' ').trim();
        switch (brand) {
            case "avif", "avis":
                return "image/avif";
            case "mif1":
                return "image/heif";
            case "msf1":
                return "image/heif-sequence";
            case "heic", "heix":
                return "image/heic";
            case "hevc", "hevx":
                return "image/heic-sequence";
            case "qt":
                return "video/quicktime";
            case "M4V", "M4VH", "M4VP":
                return "video/x-m4v";
            case "M4B", "F4A", "F4B":
                return "audio/mp4";
            case "M4A":
                return "audio/x-m4a";
            default:
                if (brand.startsWith("3g2")) {
                    return "video/3gpp2";
                }
                if (brand.startsWith("3g")) {
                    return "video/3gpp";
                }
                return "video/mp4";
        }
    }

    /** APNG when an animation control chunk comes before the first image data, else PNG. */
    private static Optional<String> png(Bytes b) {
        int at = 8;
        boolean header = false;
        while (at + 8 <= b.length) {
            long chunkLength = b.uint32(at);
            String type = new String(b.bytes, at + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("IHDR")) {
                if (chunkLength != 13) {
                    return Optional.empty();
                }
                header = true;
            } else if (type.equals("IDAT")) {
                return Optional.of("image/png");
            } else if (type.equals("acTL")) {
                return Optional.of("image/apng");
            } else if (!header && !type.equals("CgBI")) {
                return Optional.empty();
            }
            at += 12 + chunkLength;
            if (chunkLength > Integer.MAX_VALUE) {
                break;
            }
        }
        // the chunks run past what we looked at: a PNG signature and header are enough
        return Optional.of("image/png");
    }

    /** Ogg carries Opus, Vorbis, Theora and more; the first packet names the codec. */
    private static String ogg(Bytes b) {
        if (b.ascii(28, "OpusHead")) {
            return "audio/ogg; codecs=opus";
        }
        if ((b.at(28) == 0x80 && b.ascii(29, "theora")) || (b.at(28) == 0x01 && b.ascii(29, "video\0"))) {
            return "video/ogg";
        }
        if ((b.at(28) == 0x7F && b.ascii(29, "FLAC")) || b.ascii(28, "Speex  ")
                || (b.at(28) == 0x01 && b.ascii(29, "vorbis"))) {
            return "audio/ogg";
        }
        return "application/ogg";
    }

    /** The DocType of an EBML header (webm, matroska), read from its first element's children. */
    private static Optional<String> ebmlDocType(Bytes b) {
        int at = 4;
        long headerSize = b.vint(at);
        if (headerSize < 0) {
            return Optional.empty();
        }
        at += b.vintLength(at);
        long end = Math.min(b.length, at + headerSize);
        while (at < end) {
            int idLength = b.vintLength(at);
            if (idLength <= 0 || at + idLength > end) {
                return Optional.empty();
            }
            long id = 0;
            for (int i = 0; i < idLength; i++) {
                id = (id << 8) | b.at(at + i);
            }
            at += idLength;
            long size = b.vint(at);
            if (size < 0) {
                return Optional.empty();
            }
            at += b.vintLength(at);
            if (id == 0x4282) {
                if (size > 64 || at + size > b.length) {
                    return Optional.empty();
                }
                String docType = new String(b.bytes, at, (int) size, StandardCharsets.US_ASCII);
                int nul = docType.indexOf('\0');
                return Optional.of(nul >= 0 ? docType.substring(0, nul) : docType);
            }
            at += size;
        }
        return Optional.empty();
    }

    /** Bounds-checked reads of the head bytes: past the end reads as -1, never an exception. */
    private static final class Bytes {
        final byte[] bytes;
        final int length;

        Bytes(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = Math.min(length, bytes.length);
        }

        int at(int i) {
            return i >= 0 && i < length ? bytes[i] & 0xFF : -1;
        }

        boolean startsWith(int... prefix) {
            for (int i = 0; i < prefix.length; i++) {
                if (at(i) != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        boolean ascii(int offset, String s) {
            for (int i = 0; i < s.length(); i++) {
                if (at(offset + i) != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        long uint32(int offset) {
            if (offset + 4 > length) {
                return -1;
            }
            return ((long) at(offset) << 24) | (at(offset + 1) << 16) | (at(offset + 2) << 8) | at(offset + 3);
        }

        /** Length of the EBML variable-size integer at {@code offset} (1..8), or -1. */
        int vintLength(int offset) {
            int first = at(offset);
            if (first <= 0) {
                return -1;
            }
            return Integer.numberOfLeadingZeros(first) - 23;
        }

        /** Value of the EBML variable-size integer at {@code offset} (marker bit removed), or -1. */
        long vint(int offset) {
            int n = vintLength(offset);
            if (n < 1 || n > 8 || offset + n > length) {
                return -1;
            }
            long value = at(offset) & (0xFF >> n);
            for (int i = 1; i < n; i++) {
                value = (value << 8) | at(offset + i);
            }
            return value;
        }
    }
}
