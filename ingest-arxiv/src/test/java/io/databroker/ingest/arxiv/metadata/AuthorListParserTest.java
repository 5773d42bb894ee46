package io.databroker.ingest.arxiv.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class AuthorListParserTest {

    private final AuthorListParser parser = new AuthorListParser();

    @Test
    void splitsOnCommasAndAnd() {
        assertThat(parser.parse("Joshua Berger, Maxim Perelstein, Michael Saelim and Philip Tanedo"))
                .extracting(ArxivAuthor::keyname, ArxivAuthor::forenames)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Berger", "Joshua"),
                        org.assertj.core.groups.Tuple.tuple("Perelstein", "Maxim"),
                        org.assertj.core.groups.Tuple.tuple("Saelim", "Michael"),
                        org.assertj.core.groups.Tuple.tuple("Tanedo", "Philip"));
    }

    @Test
    void handlesTheOxfordCommaAndInitials() {
        assertThat(parser.parse("D.V. Shetty, S.J. Yennello, and G.A. Souliotis"))
                .extracting(ArxivAuthor::keyname).containsExactly("Shetty", "Yennello", "Souliotis");
    }

    @Test
    void takesParenthesisedAffiliationsAndKeepsCommasInsideThem() {
        assertThat(parser.parse("A. Smith (MIT, Cambridge), B. Jones (Caltech) (JPL)")).containsExactly(
                new ArxivAuthor("Smith", "A.", null, List.of("MIT, Cambridge")),
                new ArxivAuthor("Jones", "B.", null, List.of("Caltech", "JPL")));
    }

    @Test
    void keepsParticlesWithTheKeynameAndSeparatesSuffixes() {
        assertThat(parser.parse("Ludwig van Beethoven, Martin Luther King Jr.")).containsExactly(
                new ArxivAuthor("van Beethoven", "Ludwig", null, List.of()),
                new ArxivAuthor("King", "Martin Luther", "Jr.", List.of()));
    }

    @Test
    void keepsSingleNamesAndDropsEtAlAndEmptyPieces() {
        assertThat(parser.parse("ATLAS Collaboration, Anderson,, et al.")).containsExactly(
                new ArxivAuthor("Collaboration", "ATLAS", null, List.of()),
                new ArxivAuthor("Anderson", null, null, List.of()));
        assertThat(parser.parse("  ")).isEmpty();
        assertThat(parser.parse(null)).isEmpty();
    }

    @Test
    void collapsesLineWrapping() {
        assertThat(parser.parse("Valeria M. Rosa and Patricio S.\n  letelier"))
                .extracting(ArxivAuthor::forenames).containsExactly("Valeria M.", "Patricio S.");
    }
}
