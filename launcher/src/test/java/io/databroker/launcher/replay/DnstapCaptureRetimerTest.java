package io.databroker.launcher.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.databroker.launcher.replay.ProtobufFields.Field;

class DnstapCaptureRetimerTest {

    private static final byte[] SAMPLE = DnstapSampleCapture.build();

    @Test
    void newestMessageLandsOnTheGivenSecondAndSpacingIsKept() {
        Instant now = Instant.parse("2026-11-21T10:15:30Z");
        FrameStreamsFile before = FrameStreamsFile.parse(SAMPLE);

        FrameStreamsFile after = FrameStreamsFile.parse(DnstapCaptureRetimer.retime(SAMPLE, now));

        assertThat(after.contentType()).isEqualTo("protobuf:dnstap.Dnstap");
        assertThat(after.frames()).hasSameSizeAs(before.frames()).hasSize(2 * DnstapSampleCapture.EXCHANGES);
        long shift = now.getEpochSecond() - newest(before);
        assertThat(newest(after)).isEqualTo(now.getEpochSecond());
        for (int i = 0; i < before.frames().size(); i++) {
            assertThat(times(after.frames().get(i))).containsExactlyElementsOf(
                    times(before.frames().get(i)).stream().map(t -> t + shift).toList());
        }
    }

    @Test
    void everythingButTheSecondsIsKeptByteForByte() {
        byte[] frame = FrameStreamsFile.parse(SAMPLE).frames().get(1);

        byte[] shifted = DnstapCaptureRetimer.shift(frame, 0);

        assertThat(shifted).isEqualTo(frame);
        List<Field> message = message(DnstapCaptureRetimer.shift(frame, 86_400));
        List<Field> original = message(frame);
        for (int i = 0; i < original.size(); i++) {
            Field field = original.get(i);
            if (field.number() != 8 && field.number() != 12) {
                assertThat(message.get(i).encoded()).as("field " + field.number()).isEqualTo(field.encoded());
            }
        }
    }

    @Test
    void somethingThatIsNotAFrameStreamsCaptureIsLeftAlone() {
        byte[] notFrameStreams = "hello, not a capture".getBytes(StandardCharsets.US_ASCII);
        byte[] otherContent = new FrameStreamsFile("protobuf:other.Message", List.of(new byte[] {8, 1})).toBytes();

        assertThat(DnstapCaptureRetimer.retime(notFrameStreams, Instant.now())).isEqualTo(notFrameStreams);
        assertThat(DnstapCaptureRetimer.retime(otherContent, Instant.now())).isEqualTo(otherContent);
    }

    @Test
    void aFrameThatIsNotProtobufIsKeptAsItIs() {
        byte[] junk = {(byte) 0xff, (byte) 0xff, (byte) 0xff};

        assertThat(DnstapCaptureRetimer.newestSecond(junk)).isEmpty();
        assertThat(DnstapCaptureRetimer.shift(junk, 60)).isEqualTo(junk);
    }

    @Test
    void aCaptureCutInsideAFrameKeepsTheWholeFramesBeforeTheCut() {
        byte[] truncated = java.util.Arrays.copyOf(SAMPLE, SAMPLE.length - 20);

        assertThat(FrameStreamsFile.parse(truncated).frames()).hasSize(2 * DnstapSampleCapture.EXCHANGES - 1);
    }

    private static long newest(FrameStreamsFile file) {
        return file.frames().stream().map(DnstapCaptureRetimer::newestSecond)
                .mapToLong(OptionalLong::getAsLong).max().orElseThrow();
    }

    private static List<Long> times(byte[] dnstap) {
        return message(dnstap).stream().filter(f -> f.number() == 8 || f.number() == 12).map(Field::varint).toList();
    }

    private static List<Field> message(byte[] dnstap) {
        return ProtobufFields.parse(ProtobufFields.parse(dnstap).stream().filter(f -> f.number() == 14)
                .findFirst().orElseThrow().payload());
    }
}
