package jnatsd.config.conf;

import java.nio.file.Path;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.AlphaChars;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConfNumberPropertiesTest
{
    private static Object parse(final String value)
    {
        return ConfParser.parseString("v: " + value + "\n", "p.conf", Path.of("."), Map.of()).get("v").value();
    }

    @Property(tries = 300)
    void sizeSuffixesMultiplyByPowersOf1000Or1024(
        @ForAll @IntRange(min = 0, max = 1_000_000) final int n,
        @ForAll @IntRange(min = 0, max = 3) final int power,
        @ForAll final boolean binary,
        @ForAll final boolean upper)
    {
        final String letter = String.valueOf("kmgt".charAt(power));
        String suffix = letter + (binary ? "b" : "");
        suffix = upper ? suffix.toUpperCase() : suffix;
        final long expected = n * (long)Math.pow(binary ? 1024 : 1000, power + 1);
        assertEquals(expected, parse(n + suffix));
    }

    @Property(tries = 200)
    void quotedStringsRoundTrip(@ForAll @AlphaChars @StringLength(min = 0, max = 30) final String text)
    {
        assertEquals(text, parse("\"" + text + "\""));
        assertEquals(text, parse("'" + text + "'"));
    }
}
