package dev.darkroom.web;

import io.netty.channel.Channel;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Works around a Reactor Netty bug (1.3.6, the version Spring Boot 4.1.0 brings, and 1.3.7; fixed
 * in 1.3.8: reactor/reactor-netty#4361) that left a kept-alive HTTP/1.1 connection unread for good.
 * <p>
 * The server reads on demand: when a request's exchange ends, it asks for the next read. A request
 * that arrives before the previous exchange has ended (its answer was written from another thread,
 * a database driver's, say, and the client sent the next request as soon as it had read it) is
 * queued with the empty content that ends it. When the previous exchange ends, the queue is
 * drained; if the queued request is answered at once on the event loop (`/api/operations`, a 400),
 * its own exchange ends while the end marker is still queued, so the drain is scheduled again
 * instead of a read, and that second drain finds the queue empty and returns. Nothing asks for a
 * read after that, so the next request stays in the socket's receive queue unanswered.
 * <p>
 * This observer hears every exchange end and, once the event loop has run the drain it queued,
 * asks for a read if no exchange is under way. Where Reactor Netty did ask, a read is already
 * pending and asking again changes nothing. Remove this once Spring Boot brings Reactor Netty 1.3.8
 * or later: {@code KeepAliveReadsTest} then fails on its check that the bug is still there.
 */
final class KeepAliveReads implements ConnectionObserver {

    @Override
    public void onStateChange(Connection connection, State newState) {
        if (newState == State.DISCONNECTING && connection instanceof HttpServerRequest) {
            Channel channel = connection.channel();
            channel.eventLoop().execute(() -> {
                if (channel.isActive() && ChannelOperations.get(channel) == null) {
                    channel.read();
                }
            });
        }
    }
}
