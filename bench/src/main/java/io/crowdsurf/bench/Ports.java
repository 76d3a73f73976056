package io.crowdsurf.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Which process listens on a local TCP port (from /proc/net/tcp{,6} and /proc/<pid>/fd), Linux only. */
public final class Ports {

    private Ports() {
    }

    public static Optional<Long> pidListeningOn(int port) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st ... inode(9); st 0A = LISTEN
                    if (f.length > 9 && f[3].equals("0A") && f[1].contains(":")
                            && Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16) == port) {
                        inodes.add("socket:[" + f[9] + "]");
                    }
                }
            } catch (IOException | RuntimeException e) {
                // table missing: try the other
            }
        }
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                                return Optional.of(Long.parseLong(proc.getFileName().toString()));
                            }
                        } catch (IOException e) {
                            // fd closed meanwhile
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // process gone or not ours to read
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
