package io.databroker.ingest.news;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Polls RSS/Atom feeds and publishes new or changed items to {@code news_feed}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestNewsApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngestNewsApplication.class, args);
    }
}
