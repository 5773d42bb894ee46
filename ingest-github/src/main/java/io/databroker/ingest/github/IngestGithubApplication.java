package io.databroker.ingest.github;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** ingest-github: collects GitHub events (Events API and GH Archive) into {@code github_events}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestGithubApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngestGithubApplication.class, args);
    }
}
