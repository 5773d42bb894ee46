package io.databroker.enrich;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Kafka Streams application turning raw topics into canonical documents on the enriched topics. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EnrichApplication {

    public static void main(String[] args) {
        SpringApplication.run(EnrichApplication.class, args);
    }
}
