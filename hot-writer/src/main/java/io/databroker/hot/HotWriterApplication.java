package io.databroker.hot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** hot-writer: indexes the canonical documents of the enriched topics into Elasticsearch daily indices. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HotWriterApplication {

    public static void main(String[] args) {
        SpringApplication.run(HotWriterApplication.class, args);
    }
}
