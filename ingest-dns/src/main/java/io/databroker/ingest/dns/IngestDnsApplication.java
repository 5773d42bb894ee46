package io.databroker.ingest.dns;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** ingest-dns: receives dnstap from resolvers into {@code dns_data}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestDnsApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngestDnsApplication.class, args);
    }
}
