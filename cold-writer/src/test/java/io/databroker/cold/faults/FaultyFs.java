package io.databroker.cold.faults;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;

/** {@link FaultyLocalFileSystem} as a Hadoop {@code AbstractFileSystem}, for {@code FileContext} users. */
public class FaultyFs extends DelegateToFileSystem {

    public FaultyFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
        super(uri, new FaultyLocalFileSystem(), conf, FaultyLocalFileSystem.SCHEME, false);
    }
}
