package jnatsd.server.monitor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * JSON as Go's {@code json.MarshalIndent(v, "", "  ")} writes it, so scripts that diff or grep nats-server's
 * output see the same bytes: two-space indent, {@code "key": value}, {@code []} and {@code {}} for empty
 * containers, {@code <>&} escaped as {@code \u003c}, times in RFC 3339 with nanoseconds, floats without ".0".
 * Property names are snake_case from the record components unless a component says otherwise. Thread-safe.
 */
public final class GoJson
{
    private static final ObjectMapper MAPPER = newMapper();
    private static final ObjectWriter INDENTED = MAPPER.writer(prettyPrinter());
    private static final ObjectWriter COMPACT = MAPPER.writer();

    private GoJson()
    {
    }

    /** Pretty-printed, as every endpoint but /healthz. */
    public static byte[] indented(final Object value)
    {
        return write(INDENTED, value);
    }

    /** One line, as /healthz (json.Marshal). */
    public static byte[] compact(final Object value)
    {
        return write(COMPACT, value);
    }

    /** The shared mapper, for tests that read documents back. */
    public static ObjectMapper mapper()
    {
        return MAPPER;
    }

    private static byte[] write(final ObjectWriter writer, final Object value)
    {
        try
        {
            return writer.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
        }
        catch (final JsonProcessingException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static ObjectMapper newMapper()
    {
        final ObjectMapper m = new ObjectMapper();
        m.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        m.getFactory().setCharacterEscapes(new GoEscapes());
        final SimpleModule module = new SimpleModule("go-json");
        module.addSerializer(Instant.class, new InstantSerializer());
        module.addSerializer(Double.class, new Float64Serializer());
        module.addSerializer(double.class, new Float64Serializer());
        m.registerModule(module);
        return m;
    }

    private static DefaultPrettyPrinter prettyPrinter()
    {
        final Separators separators = Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEntrySpacing(Separators.Spacing.NONE)
            .withArrayValueSpacing(Separators.Spacing.NONE)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
        final DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
    }

    /** Go's HTML-safe escaping: {@code < > &} and the JavaScript line separators become \\u escapes. */
    private static final class GoEscapes extends CharacterEscapes
    {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        GoEscapes()
        {
            ascii['<'] = ESCAPE_CUSTOM;
            ascii['>'] = ESCAPE_CUSTOM;
            ascii['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii()
        {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(final int ch)
        {
            return switch (ch)
            {
                case '<' -> new SerializedString("\\u003c");
                case '>' -> new SerializedString("\\u003e");
                case '&' -> new SerializedString("\\u0026");
                case 0x2028 -> new SerializedString("\\u2028");
                case 0x2029 -> new SerializedString("\\u2029");
                default -> null;
            };
        }
    }

    private static final class InstantSerializer extends StdSerializer<Instant>
    {
        private static final long serialVersionUID = 1L;

        InstantSerializer()
        {
            super(Instant.class);
        }

        @Override
        public void serialize(final Instant value, final JsonGenerator gen, final SerializerProvider provider)
            throws IOException
        {
            gen.writeString(GoFormat.time(value));
        }
    }

    private static final class Float64Serializer extends StdSerializer<Double>
    {
        private static final long serialVersionUID = 1L;

        Float64Serializer()
        {
            super(Double.class);
        }

        @Override
        public void serialize(final Double value, final JsonGenerator gen, final SerializerProvider provider)
            throws IOException
        {
            gen.writeNumber(GoFormat.float64(value));
        }
    }
}
