package io.databroker.testsupport;

import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.List;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Turns the in-JVM servers' own loggers (Kafka broker, Spark, Hadoop, Parquet, Delta) down to WARN so test output
 * shows the code under test, whichever SLF4J backend the module runs with.
 *
 * <p>Spring Boot modules log through logback: there we set WARN only on those loggers that no configuration has
 * given a level, so a module's {@code logback-test.xml} still wins (and Boot's logging system resets everything when
 * an application context starts; {@code logging.level.*} then applies). Without logback, Spark binds SLF4J to log4j2
 * and, finding log4j2 unconfigured, would load its own INFO defaults; we load ours first.
 */
final class QuietLogging {

    /** Loggers of the servers; client and Streams loggers stay as configured, they belong to the code under test. */
    static final List<String> SERVER_LOGGERS = List.of(
            "kafka", "state.change.logger", "org.apache.kafka.server", "org.apache.kafka.controller",
            "org.apache.kafka.raft", "org.apache.kafka.metadata", "org.apache.kafka.image",
            "org.apache.kafka.storage", "org.apache.kafka.coordinator", "org.apache.kafka.snapshot",
            "org.apache.kafka.queue", "org.apache.kafka.timeline", "org.apache.kafka.deferred",
            "org.apache.kafka.common.utils.AppInfoParser",
            // The broker dumps its ~300-line config three times per start through this logger; clients use it too,
            // so a module that wants their config dumps sets its level.
            "org.apache.kafka.common.config.AbstractConfig",
            "org.apache.spark", "org.sparkproject", "org.apache.hadoop", "org.apache.parquet", "io.delta",
            "org.apache.orc", "org.apache.arrow", "org.apache.datasketches");

    private static final String LOGBACK_FACTORY = "ch.qos.logback.classic.LoggerContext";
    private static final String LOG4J2_FACTORY = "org.apache.logging.slf4j.Log4jLoggerFactory";
    static final String LOG4J2_CONFIG = "io/databroker/testsupport/quiet-log4j2.properties";

    private static boolean applied;

    private QuietLogging() {
    }

    static synchronized void apply() {
        if (applied) {
            return;
        }
        applied = true;
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        String factoryClass = factory.getClass().getName();
        if (LOGBACK_FACTORY.equals(factoryClass)) {
            quietLogback();
        } else if (LOG4J2_FACTORY.equals(factoryClass)) {
            Log4j2.configureIfUnconfigured();
        }
    }

    /** Reflection keeps logback off test-support's compile path; Boot modules bring it, others do not. */
    private static void quietLogback() {
        try {
            for (String name : SERVER_LOGGERS) {
                Object logger = LoggerFactory.getLogger(name);
                Method getLevel = logger.getClass().getMethod("getLevel");
                if (getLevel.invoke(logger) != null) {
                    continue;
                }
                Class<?> levelClass = Class.forName("ch.qos.logback.classic.Level", true,
                        logger.getClass().getClassLoader());
                logger.getClass().getMethod("setLevel", levelClass).invoke(logger, levelClass.getField("WARN").get(null));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("logback is bound but its API did not match", e);
        }
    }

    /** Separate class: loaded only when log4j2 is the SLF4J backend, so log4j-core need not be on the classpath. */
    private static final class Log4j2 {

        static void configureIfUnconfigured() {
            org.apache.logging.log4j.core.LoggerContext context =
                    (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
            if (!(context.getConfiguration() instanceof org.apache.logging.log4j.core.config.DefaultConfiguration)) {
                return;
            }
            URL config = QuietLogging.class.getClassLoader().getResource(LOG4J2_CONFIG);
            try {
                context.setConfigLocation(config.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("bad resource URL " + config, e);
            }
            for (String name : SERVER_LOGGERS) {
                org.apache.logging.log4j.core.config.Configurator.setLevel(name, org.apache.logging.log4j.Level.WARN);
            }
        }
    }
}
