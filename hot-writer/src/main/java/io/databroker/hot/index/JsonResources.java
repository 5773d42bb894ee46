package io.databroker.hot.index;

import java.io.IOException;
import java.io.InputStream;

import io.databroker.shared.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** Loads the JSON files of deploy/elasticsearch, packaged under {@code elasticsearch/} in the jar. */
final class JsonResources {

    private JsonResources() {
    }

    /** A fresh, mutable copy of the JSON object in classpath resource {@code path}. */
    static ObjectNode load(String path) {
        try (InputStream in = JsonResources.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource " + path + " is missing from the classpath "
                        + "(it is packaged from deploy/elasticsearch by the hot-writer build)");
            }
            return (ObjectNode) Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + path, e);
        }
    }
}
