package io.databroker.ingest.news.feed;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides how a feed's bytes are decoded, and decodes them without ever failing.
 *
 * <p>Order (XML 1.0 Appendix F, RFC 7303 §3, and what feeds in the wild need):
 * <ol>
 * <li>a byte order mark wins: it cannot be there by accident;</li>
 * <li>else the first of the XML declaration's {@code encoding}, the HTTP {@code Content-Type} charset and UTF-8 (XML's
 *     default) that decodes the bytes without a single error. The declaration comes before the header on purpose: the
 *     generator that wrote the bytes knows their encoding better than a server-wide default charset (Rome's lenient
 *     mode makes the same call), and a wrong declaration that does not decode falls through to the header;</li>
 * <li>when none decodes cleanly the bytes are broken: mostly-valid UTF-8 stays UTF-8, else the first declared
 *     non-UTF-8 charset is used (a GB2312 feed with one bad byte), else windows-1252 (legacy text falsely declared or
 *     not declared at all, as feedparser assumes).</li>
 * </ol>
 * Invalid byte sequences become U+FFFD; unknown charset names are ignored.
 */
public final class FeedCharset {

    private static final Pattern XML_DECLARATION_ENCODING =
            Pattern.compile("^\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");
    private static final Pattern CONTENT_TYPE_CHARSET =
            Pattern.compile("(?i);\\s*charset\\s*=\\s*[\"']?([A-Za-z0-9._:-]+)");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private FeedCharset() {
    }

    /**
     * The decoded text.
     *
     * @param charset the charset used
     * @param text    the document, without a BOM
     */
    public record Decoded(Charset charset, String text) {
    }

    /** Decodes {@code body}; never throws for any input. */
    public static Decoded decode(byte[] body, String contentType) {
        Bom bom = Bom.of(body);
        if (bom != null) {
            return new Decoded(bom.charset, replacing(bom.charset, body, bom.length));
        }
        List<Charset> candidates = new ArrayList<>();
        xmlDeclarationCharset(body).ifPresent(candidates::add);
        contentTypeCharset(contentType).ifPresent(candidates::add);
        candidates.add(StandardCharsets.UTF_8);
        for (Charset candidate : candidates.stream().distinct().toList()) {
            Optional<String> strict = strictly(candidate, body);
            if (strict.isPresent()) {
                return new Decoded(candidate, strict.get());
            }
        }
        Charset fallback = mostlyUtf8(body) ? StandardCharsets.UTF_8
                : candidates.stream().filter(c -> !c.equals(StandardCharsets.UTF_8)).findFirst().orElse(WINDOWS_1252);
        return new Decoded(fallback, replacing(fallback, body, 0));
    }

    /** The charset parameter of a Content-Type header, if it names a charset this JVM knows. */
    static Optional<Charset> contentTypeCharset(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        Matcher m = CONTENT_TYPE_CHARSET.matcher(contentType);
        return m.find() ? charset(m.group(1)) : Optional.empty();
    }

    /**
     * The encoding named by the XML declaration. The declaration is ASCII in every ASCII-compatible charset; a
     * UTF-16 document without a BOM is recognised by its first two characters ({@code <?} with zero bytes).
     */
    static Optional<Charset> xmlDeclarationCharset(byte[] body) {
        if (body.length >= 4 && body[0] == 0 && body[1] == '<' && body[2] == 0 && body[3] == '?') {
            return Optional.of(StandardCharsets.UTF_16BE);
        }
        if (body.length >= 4 && body[0] == '<' && body[1] == 0 && body[2] == '?' && body[3] == 0) {
            return Optional.of(StandardCharsets.UTF_16LE);
        }
        String head = new String(body, 0, Math.min(body.length, 512), StandardCharsets.ISO_8859_1);
        Matcher m = XML_DECLARATION_ENCODING.matcher(head);
        return m.find() ? charset(m.group(1)) : Optional.empty();
    }

    private static Optional<Charset> charset(String name) {
        String normalised = name.strip().toLowerCase(Locale.ROOT);
        // "utf8" and "utf-16" declared on bytes without a BOM are common; Java knows the former only by its alias.
        if (normalised.equals("utf8")) {
            return Optional.of(StandardCharsets.UTF_8);
        }
        try {
            return Optional.of(Charset.forName(normalised));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> strictly(Charset charset, byte[] body) {
        try {
            CharBuffer chars = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String replacing(Charset charset, byte[] body, int offset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(body, offset, body.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder reported an error", e);
        }
    }

    /** True when there are well-formed UTF-8 multi-byte sequences, at least as many as bytes that fit none. */
    static boolean mostlyUtf8(byte[] body) {
        int valid = 0;
        int invalid = 0;
        int i = 0;
        while (i < body.length) {
            int b = body[i] & 0xFF;
            int length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3
                    : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
            if (length == 1) {
                i++;
                continue;
            }
            boolean ok = length > 0 && i + length <= body.length;
            for (int k = 1; ok && k < length; k++) {
                ok = (body[i + k] & 0xC0) == 0x80;
            }
            if (ok) {
                valid++;
                i += length;
            } else {
                invalid++;
                i++;
            }
        }
        return valid > 0 && valid >= invalid;
    }

    /** Byte order marks (Unicode §23.8). */
    private record Bom(Charset charset, int length) {

        static Bom of(byte[] b) {
            if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
                return new Bom(StandardCharsets.UTF_8, 3);
            }
            if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
                return new Bom(StandardCharsets.UTF_16BE, 2);
            }
            if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
                return new Bom(StandardCharsets.UTF_16LE, 2);
            }
            return null;
        }
    }
}
