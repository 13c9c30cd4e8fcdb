package dev.pds.server.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sniffer names what the reference's file-type package names, from the first bytes only. */
class MimeSnifferTest {
    private static Optional<String> sniff(byte[] head) {
        return MimeSniffer.sniff(head, head.length);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] pngChunk(String type, int length) {
        return concat(bytes(length >>> 24, length >>> 16 & 0xFF, length >>> 8 & 0xFF, length & 0xFF), ascii(type),
                new byte[length], new byte[4]);
    }

    private static final byte[] PNG_SIGNATURE = bytes(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);

    @Test
    void images() {
        assertEquals(Optional.of("image/jpeg"), sniff(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10)));
        assertEquals(Optional.of("image/gif"), sniff(ascii("GIF89a....")));
        assertEquals(Optional.of("image/webp"), sniff(concat(ascii("RIFF"), bytes(1, 2, 3, 4), ascii("WEBPVP8 "))));
        assertEquals(Optional.of("image/bmp"), sniff(ascii("BM......")));
        assertEquals(Optional.of("image/tiff"), sniff(bytes(0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0)));
        assertEquals(Optional.of("image/x-icon"), sniff(bytes(0, 0, 1, 0, 1, 0)));
        assertEquals(Optional.of("image/jxl"), sniff(bytes(0xFF, 0x0A, 1, 2)));
    }

    @Test
    void pngAndAnimatedPng() {
        byte[] png = concat(PNG_SIGNATURE, pngChunk("IHDR", 13), pngChunk("IDAT", 20));
        assertEquals(Optional.of("image/png"), sniff(png));
        byte[] apng = concat(PNG_SIGNATURE, pngChunk("IHDR", 13), pngChunk("acTL", 8), pngChunk("IDAT", 20));
        assertEquals(Optional.of("image/apng"), sniff(apng));
        // a header with the wrong length is not a PNG the way file-type reads it
        assertEquals(Optional.empty(), sniff(concat(PNG_SIGNATURE, pngChunk("IHDR", 12))));
        // cut short after the header: still a PNG
        assertEquals(Optional.of("image/png"), sniff(concat(PNG_SIGNATURE, pngChunk("IHDR", 13), bytes(0, 1))));
    }

    @Test
    void isoMediaByBrand() {
        assertEquals(Optional.of("video/mp4"), sniff(concat(bytes(0, 0, 0, 0x20), ascii("ftypisom"), new byte[8])));
        assertEquals(Optional.of("image/avif"), sniff(concat(bytes(0, 0, 0, 0x20), ascii("ftypavif"), new byte[8])));
        assertEquals(Optional.of("image/heic"), sniff(concat(bytes(0, 0, 0, 0x20), ascii("ftypheic"), new byte[8])));
        assertEquals(Optional.of("video/quicktime"), sniff(concat(bytes(0, 0, 0, 0x14), ascii("ftypqt  "), new byte[8])));
        assertEquals(Optional.of("video/quicktime"), sniff(concat(bytes(0, 0, 0, 8), ascii("moov"))));
        assertEquals(Optional.of("audio/x-m4a"), sniff(concat(bytes(0, 0, 0, 0x20), ascii("ftypM4A "), new byte[8])));
        assertEquals(Optional.of("video/3gpp"), sniff(concat(bytes(0, 0, 0, 0x20), ascii("ftyp3gp5"), new byte[8])));
    }

    @Test
    void webmAndMatroskaByDocType() {
        // EBML header: size 0x1F, then DocType (0x4282) of length 4 or 8
        byte[] webm = concat(bytes(0x1A, 0x45, 0xDF, 0xA3, 0x80 | 0x0F), bytes(0x42, 0x86, 0x81, 1),
                bytes(0x42, 0x82, 0x84), ascii("webm"), bytes(0x42, 0x87, 0x81, 2));
        assertEquals(Optional.of("video/webm"), sniff(webm));
        byte[] mkv = concat(bytes(0x1A, 0x45, 0xDF, 0xA3, 0x80 | 0x0B), bytes(0x42, 0x82, 0x88), ascii("matroska"));
        assertEquals(Optional.of("video/matroska"), sniff(mkv));
        assertEquals(Optional.empty(), sniff(bytes(0x1A, 0x45, 0xDF, 0xA3, 0x00)));
    }

    @Test
    void audioAndDocuments() {
        assertEquals(Optional.of("audio/mpeg"), sniff(ascii("ID3\u0004\u0000....")));
        assertEquals(Optional.of("audio/mpeg"), sniff(bytes(0xFF, 0xFB, 0x90, 0x64)));
        assertEquals(Optional.of("audio/wav"), sniff(concat(ascii("RIFF"), bytes(1, 2, 3, 4), ascii("WAVEfmt "))));
        assertEquals(Optional.of("audio/flac"), sniff(ascii("fLaC....")));
        assertEquals(Optional.of("audio/ogg; codecs=opus"), sniff(concat(ascii("OggS"), new byte[24], ascii("OpusHead"))));
        assertEquals(Optional.of("application/ogg"), sniff(concat(ascii("OggS"), new byte[24], ascii("????????"))));
        assertEquals(Optional.of("application/pdf"), sniff(ascii("%PDF-1.7\n")));
    }

    @Test
    void unknownShortAndEmptyHeads() {
        assertEquals(Optional.empty(), sniff(ascii("hello, world")));
        assertEquals(Optional.empty(), sniff(new byte[0]));
        assertEquals(Optional.empty(), sniff(bytes(0xFF)));
        assertEquals(Optional.empty(), sniff(ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")));
        // the length given bounds what is read, whatever the array holds
        assertEquals(Optional.empty(), MimeSniffer.sniff(ascii("GIF89a"), 2));
    }
}
