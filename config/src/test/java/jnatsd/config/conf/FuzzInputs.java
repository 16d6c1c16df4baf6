package jnatsd.config.conf;

import java.util.Locale;

/** What the config fuzz targets feed: text that cannot make an include or a file setting open a device. */
public final class FuzzInputs
{
    private FuzzInputs()
    {
    }

    /**
     * Whether the text may name a special file (/dev/zero, /proc, a FIFO under /run...) or build a name with an
     * escape: reading one would hang or fill the heap, which is the file's doing, not the parser's.
     */
    public static boolean mayOpenSpecialFiles(final String text)
    {
        final String t = text.toLowerCase(Locale.ROOT);
        return t.contains("/dev") || t.contains("/proc") || t.contains("/sys") || t.contains("/run")
            || t.contains("/var") || t.contains("\\x") || t.contains("\\u");
    }
}
