package io.databroker.ingest.arxiv;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** ingest-arxiv: harvests arXiv over OAI-PMH into {@code arxiv_raw}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestArxivApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngestArxivApplication.class, args);
    }
}
