package io.databroker.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NameEntropyTest {

    @Test
    void measuresTheLeftmostLabelOnly() {
        assertThat(NameEntropy.ofLeftmostLabel("aaaa.example.com")).isEqualTo(0.0);
        assertThat(NameEntropy.ofLeftmostLabel("ab.example.com")).isEqualTo(1.0);
        assertThat(NameEntropy.ofLeftmostLabel("www.isc.org")).isEqualTo(0.0);
        assertThat(NameEntropy.ofLeftmostLabel("abcd")).isEqualTo(2.0);
    }

    @Test
    void generatedLabelsScoreHigherThanWords() {
        double word = NameEntropy.ofLeftmostLabel("mail.example.com");
        double generated = NameEntropy.ofLeftmostLabel("x7kq9zt2vb4n.example.com");

        assertThat(generated).isGreaterThan(3.5).isGreaterThan(word);
        assertThat(NameEntropy.ofLeftmostLabel("x7kq9zt2vb4n")).isCloseTo(3.584963, within(1e-6));
    }

    @Test
    void rootAndEmptyNamesHaveNone() {
        assertThat(NameEntropy.ofLeftmostLabel(".")).isEqualTo(0.0);
        assertThat(NameEntropy.ofLeftmostLabel("")).isEqualTo(0.0);
    }
}
