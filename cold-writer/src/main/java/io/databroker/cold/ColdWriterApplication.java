package io.databroker.cold;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** cold-writer: appends the enriched topics to the {@code <source>_historical} Delta tables, exactly once. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ColdWriterApplication {

    public static void main(String[] args) {
        SpringApplication.run(ColdWriterApplication.class, args);
    }
}
