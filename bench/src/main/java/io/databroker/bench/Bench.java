package io.databroker.bench;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of {@code bench/run}: {@code bench/run <area>.<Name> [args]} runs the {@code main} of
 * {@code io.databroker.bench.<area>.<Name>}. No registry to keep in sync: a benchmark is any class with a main.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: bench/run <area>.<Name> [args]   e.g. bench/run enrich.TopologyBench");
            System.exit(2);
        }
        Class<?> benchmark = Class.forName("io.databroker.bench." + args[0]);
        Method main = benchmark.getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
