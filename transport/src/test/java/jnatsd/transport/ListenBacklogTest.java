package jnatsd.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenBacklogTest
{
    @Test
    void theKernelsSomaxconnIsReadWhole() throws IOException
    {
        final String text = new String(
            new ProcessBuilder("cat", "/proc/sys/net/core/somaxconn").start().getInputStream().readAllBytes()).trim();
        assertEquals(Math.min(Integer.parseInt(text), 65535), ListenBacklog.value());
    }

    @Test
    void aMissingOrOddFileGivesGosDefault(@TempDir final Path dir) throws IOException
    {
        assertEquals(4096, ListenBacklog.read(dir.resolve("none")));
        Files.writeString(dir.resolve("odd"), "many\n");
        assertEquals(4096, ListenBacklog.read(dir.resolve("odd")));
        Files.writeString(dir.resolve("big"), "1000000\n");
        assertEquals(65535, ListenBacklog.read(dir.resolve("big")));
    }
}
