package dev.pds.server.jvm;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** This process's program and command line, and replacing them ({@code execve}), on Linux. */
public final class ProcessImage {
    private static final Path COMMAND_LINE = Path.of("/proc/self/cmdline");
    private static final Path EXECUTABLE = Path.of("/proc/self/exe");

    private ProcessImage() {
    }

    /** The arguments this process was started with, program first; empty where /proc does not tell. */
    public static List<String> commandLine() {
        byte[] raw;
        try {
            raw = Files.readAllBytes(COMMAND_LINE);
        } catch (IOException | UnsupportedOperationException e) {
            return List.of();
        }
        List<String> args = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return List.copyOf(args);
    }

    /**
     * Replaces this process with this process's own program run with {@code argv} and
     * {@code environment}; returns only when that failed, saying why.
     */
    public static String replace(List<String> argv, Map<String, String> environment) {
        String program;
        try {
            program = EXECUTABLE.toRealPath().toString();
        } catch (IOException e) {
            return "cannot read " + EXECUTABLE + ": " + e.getMessage();
        }
        String[] env = environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        System.out.flush();
        System.err.flush();
        try {
            LibC.INSTANCE.execve(program, argv.toArray(String[]::new), env);
        } catch (LinkageError | RuntimeException e) {
            return "execve unavailable: " + e;
        }
        return "execve " + program + " failed: errno " + Native.getLastError();
    }

    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        /** JNA passes each String[] as a NULL-terminated char**. */
        int execve(String path, String[] argv, String[] envp);
    }
}
