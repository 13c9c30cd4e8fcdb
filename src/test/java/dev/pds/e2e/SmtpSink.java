package dev.pds.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mail server for tests: speaks just enough SMTP (no TLS, no login) to take messages, and keeps
 * each message's recipient and text for the test to read, as a user reads their mailbox.
 */
public final class SmtpSink implements AutoCloseable {
    /** A mail code as the server makes them: two groups of five base32 characters. */
    private static final Pattern CODE = Pattern.compile("\\b([A-Z2-7]{5}-[A-Z2-7]{5})\\b");

    public record Message(String to, String text) {
        /** The mail code in the text. */
        public String code() {
            Matcher m = CODE.matcher(text);
            if (!m.find()) {
                throw new AssertionError("no code in the mail: " + text);
            }
            return m.group(1);
        }
    }

    private final ServerSocket socket;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final Thread thread;

    public SmtpSink() throws IOException {
        socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "smtp-sink");
        thread.setDaemon(true);
        thread.start();
    }

    /** For {@code PDS_EMAIL_SMTP_URL}. */
    public String url() {
        return "smtp://127.0.0.1:" + socket.getLocalPort();
    }

    /** The next message, waiting up to 10 s. */
    public Message next() throws InterruptedException {
        Message m = received.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no mail arrived");
        }
        return m;
    }

    /** Whether no message is waiting. */
    public boolean isEmpty() {
        return received.isEmpty();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                converse(s);
            } catch (IOException e) {
                // a closed sink or a client that went away
            }
        }
    }

    private void converse(Socket s) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = s.getOutputStream();
        say(out, "220 sink ready");
        String to = null;
        for (String line; (line = in.readLine()) != null; ) {
            String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
            switch (verb) {
                case "EHLO", "HELO" -> say(out, "250 sink");
                case "RCPT" -> {
                    to = line.replaceAll("(?i)^RCPT TO:\\s*<?([^>]*)>?.*$", "$1");
                    say(out, "250 OK");
                }
                case "DATA" -> {
                    say(out, "354 go on");
                    StringBuilder text = new StringBuilder();
                    for (String l; (l = in.readLine()) != null && !l.equals("."); ) {
                        text.append(l.startsWith("..") ? l.substring(1) : l).append('\n');
                    }
                    received.add(new Message(to, text.toString()));
                    say(out, "250 OK queued");
                }
                case "QUIT" -> {
                    say(out, "221 bye");
                    return;
                }
                default -> say(out, "250 OK");
            }
        }
    }

    private static void say(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
