package io.databroker.ingest.github.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class LinkHeaderTest {

    @Test
    void findsNextAmongGithubsLinks() {
        String header = "<https://api.github.com/events?per_page=100&page=2>; rel=\"next\", "
                + "<https://api.github.com/events?per_page=100&page=3>; rel=\"last\"";

        assertThat(LinkHeader.next(header)).contains(URI.create("https://api.github.com/events?per_page=100&page=2"));
    }

    @Test
    void findsNextWhenItIsNotFirstOrSharesARel() {
        assertThat(LinkHeader.next("<https://x/e?page=1>; rel=\"prev\", <https://x/e?page=3>; rel=\"next last\""))
                .contains(URI.create("https://x/e?page=3"));
        assertThat(LinkHeader.next("<https://x/e?page=2>;rel=next")).contains(URI.create("https://x/e?page=2"));
    }

    @Test
    void theLastPageHasNoNext() {
        assertThat(LinkHeader.next("<https://x/e?page=1>; rel=\"prev\", <https://x/e?page=1>; rel=\"first\"")).isEmpty();
        assertThat(LinkHeader.next(null)).isEmpty();
        assertThat(LinkHeader.next("")).isEmpty();
    }
}
