package dev.pds.e2e.identity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny authoritative DNS server on a loopback UDP port answering TXT queries from a map (the
 * record's character-strings as given), and NXDOMAIN for anything else, so that handle
 * resolution by DNS runs for real without the network. Each TXT string is sent as one or more
 * character-strings of at most 255 bytes, as real servers split long records.
 */
final class TestDnsServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<String, List<List<String>>> txt = new ConcurrentHashMap<>();
    private final Thread thread;

    TestDnsServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "test-dns");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code host:port}, as PDS_HANDLE_BACKUP_NAMESERVERS takes it. */
    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Sets the TXT records of {@code name}: each record is a list of character-strings. */
    void txt(String name, List<List<String>> records) {
        txt.put(name.toLowerCase(Locale.ROOT), records);
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket query = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(query);
                byte[] answer = answer(buf, query.getLength());
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private byte[] answer(byte[] q, int length) {
        if (length < 12) {
            return null;
        }
        int pos = 12;
        StringBuilder name = new StringBuilder();
        while (pos < length && q[pos] != 0) {
            int label = q[pos] & 0xff;
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(q, pos + 1, label, StandardCharsets.US_ASCII));
            pos += label + 1;
        }
        int questionEnd = pos + 5; // the zero byte, QTYPE, QCLASS
        int qtype = ((q[pos + 1] & 0xff) << 8) | (q[pos + 2] & 0xff);
        List<List<String>> records = txt.get(name.toString().toLowerCase(Locale.ROOT));
        boolean found = records != null && qtype == 16;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        out.write(0x84 | (q[2] & 0x01)); // response, authoritative, RD copied
        out.write(records == null ? 0x03 : 0x00); // NXDOMAIN when the name is unknown
        u16(out, 1);
        u16(out, found ? records.size() : 0);
        u16(out, 0);
        u16(out, 0);
        out.write(q, 12, questionEnd - 12);
        if (found) {
            for (List<String> record : records) {
                ByteArrayOutputStream rdata = new ByteArrayOutputStream();
                for (String s : record) {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    for (int i = 0; i < b.length || i == 0; i += 255) {
                        int n = Math.min(255, b.length - i);
                        rdata.write(n);
                        rdata.write(b, i, n);
                    }
                }
                u16(out, 0xc00c); // the question's name
                u16(out, 16);
                u16(out, 1);
                u16(out, 0);
                u16(out, 60);
                u16(out, rdata.size());
                out.write(rdata.toByteArray(), 0, rdata.size());
            }
        }
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write((v >>> 8) & 0xff);
        out.write(v & 0xff);
    }

    @Override
    public void close() {
        socket.close();
    }
}
