/*
 * Keeps CoreNLP's server on the loopback interface.
 *
 * StanfordCoreNLPServer 4.5.10 has no option for its bind address: it creates its HTTP server
 * with `new InetSocketAddress(port)`, the wildcard address, so it would listen on every
 * interface. The JDK creates every com.sun.net.httpserver server through the provider named by
 * the system property com.sun.net.httpserver.HttpServerProvider; the launcher names this class,
 * which hands each request to the JDK's own provider with the wildcard address replaced by
 * 127.0.0.1. Compiled once by `kg nlp start` into KG_CACHE; needs, at compile and run time,
 * --add-exports jdk.httpserver/sun.net.httpserver=ALL-UNNAMED.
 */
package org.conflictkg.corenlp;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

public final class LoopbackHttpServerProvider extends HttpServerProvider {
    private final HttpServerProvider jdk = new sun.net.httpserver.DefaultHttpServerProvider();

    static InetSocketAddress loopback(InetSocketAddress address) throws IOException {
        if (address == null) {
            // An unbound server would be bound later by HttpServer.bind, out of this class's reach.
            throw new IOException("the loopback provider does not create unbound servers");
        }
        InetAddress host = address.getAddress();
        if (host != null && !host.isAnyLocalAddress()) {
            return address;
        }
        return new InetSocketAddress(InetAddress.getByName("127.0.0.1"), address.getPort());
    }

    @Override
    public HttpServer createHttpServer(InetSocketAddress address, int backlog) throws IOException {
        return jdk.createHttpServer(loopback(address), backlog);
    }

    @Override
    public HttpsServer createHttpsServer(InetSocketAddress address, int backlog)
            throws IOException {
        return jdk.createHttpsServer(loopback(address), backlog);
    }
}
