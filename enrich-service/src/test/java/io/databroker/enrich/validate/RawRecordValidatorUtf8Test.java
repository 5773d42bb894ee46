package io.databroker.enrich.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The byte-level UTF-8 check accepts exactly what the strict decoder accepts (less BOMs and NULs, which defer). */
class RawRecordValidatorUtf8Test {

    @Test
    void agreesWithTheStrictDecoder() {
        Random random = new Random(3);
        byte[][] interesting = {{(byte) 0xC2, (byte) 0x80}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x9F, (byte) 0xBF},
                {(byte) 0xE0, (byte) 0xA0, (byte) 0x80}, {(byte) 0xED, (byte) 0x9F, (byte) 0xBF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xEF, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF},
                {(byte) 0xF0, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF4, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xC3}, {'a'}, {'{'}, {'"'}};
        for (int i = 0; i < 200_000; i++) {
            int parts = 1 + random.nextInt(6);
            ByteBuffer buffer = ByteBuffer.allocate(parts * 4);
            for (int p = 0; p < parts; p++) {
                if (random.nextInt(4) == 0) {
                    buffer.put((byte) random.nextInt(256));
                } else {
                    buffer.put(interesting[random.nextInt(interesting.length)]);
                }
            }
            byte[] value = new byte[buffer.position()];
            buffer.flip().get(value);
            if (value[0] == 0 || containsZero(value) || startsWithBom(value)) {
                assertThat(RawRecordValidator.isPlainUtf8(value)).isFalse();
            } else {
                assertThat(RawRecordValidator.isPlainUtf8(value)).as(java.util.HexFormat.of().formatHex(value)).isEqualTo(strictlyDecodes(value));
            }
        }
    }

    private static boolean containsZero(byte[] value) {
        for (byte b : value) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithBom(byte[] value) {
        return value.length >= 3 && value[0] == (byte) 0xEF && value[1] == (byte) 0xBB && value[2] == (byte) 0xBF;
    }

    private static boolean strictlyDecodes(byte[] value) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
