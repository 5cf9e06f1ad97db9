package dev.darkroom.web;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import reactor.netty.NettyPipeline;

/**
 * Closes the connection of a client that stopped sending in the middle of a request: a request
 * line and headers must arrive within {@code headerTimeout} of their first byte (so a client that
 * trickles bytes to hold a connection open is closed too), and a body may not pause for longer
 * than {@code bodyReadTimeout}. When no other answer is owed on the connection, the client first
 * gets a 408 problem with {@code Connection: close}, so it knows why.
 * <p>
 * Reactor Netty has no timeout for the request head, and its body read timeout closes without an
 * answer, hence this handler. It is installed twice around the HTTP codec: before it to see the
 * first bytes of a head, after it to see where heads and bodies end and answers go out. The clock
 * reads are cheap field writes; a timer is only scheduled when a read ends with a request
 * unfinished, so a request that arrives whole costs none.
 */
final class RequestTimeouts {

    /** The limits and the two 408 problem bodies, made once for every connection. */
    record Settings(Duration headerTimeout, Duration bodyReadTimeout, byte[] headerProblem, byte[] bodyProblem) { }

    static final String BYTES = "darkroom.requestTimeouts.bytes";
    static final String MESSAGES = "darkroom.requestTimeouts.messages";

    private static final long NOT_STARTED = Long.MIN_VALUE;

    private final long headerNanos;
    private final long bodyNanos;
    private final Settings settings;

    private ChannelHandlerContext messages;
    private ScheduledFuture<?> timer;
    /** When the first byte of the current request head arrived, or NOT_STARTED. */
    private long headStarted = NOT_STARTED;
    private boolean inBody;
    private long lastBodyRead;
    /** Requests whose answers have not been written in full. */
    private int unanswered;
    private boolean answering;
    private boolean informational;

    private RequestTimeouts(Settings settings) {
        this.settings = settings;
        this.headerNanos = settings.headerTimeout().toNanos();
        this.bodyNanos = settings.bodyReadTimeout().toNanos();
    }

    /** Installs a fresh pair on an HTTP/1.1 pipeline; others (none are configured) are left alone. */
    static void install(ChannelPipeline pipeline, Settings settings) {
        if (pipeline.get(NettyPipeline.HttpCodec) == null || pipeline.get(NettyPipeline.HttpTrafficHandler) == null) {
            return;
        }
        RequestTimeouts timeouts = new RequestTimeouts(settings);
        pipeline.addBefore(NettyPipeline.HttpCodec, BYTES, timeouts.new Bytes());
        pipeline.addAfter(NettyPipeline.HttpCodec, MESSAGES, timeouts.new Messages());
    }

    /** Before the codec: the bytes as they arrive. */
    private final class Bytes extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (headStarted == NOT_STARTED && !inBody && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                headStarted = System.nanoTime();
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** After the codec: where heads and bodies end, and the answers going out. */
    private final class Messages extends ChannelDuplexHandler {

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            messages = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                headStarted = NOT_STARTED;
                inBody = true;
                unanswered++;
            }
            if (msg instanceof LastHttpContent) {
                inBody = false;
            } else if (inBody) {
                lastBodyRead = System.nanoTime();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (timer == null && (headStarted != NOT_STARTED || inBody)) {
                schedule(inBody ? bodyNanos : headerNanos);
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            boolean upgrade = false;
            if (msg instanceof HttpResponse response) {
                informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
                answering = !informational;
                upgrade = response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code();
            }
            if (msg instanceof LastHttpContent && !informational) {
                answering = false;
                unanswered = Math.max(0, unanswered - 1);
            }
            ctx.write(msg, promise);
            if (upgrade) {
                // A WebSocket from here on: frames, not requests.
                cancel();
                ctx.pipeline().remove(BYTES);
                ctx.pipeline().remove(this);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
        }
    }

    private void schedule(long nanos) {
        timer = messages.executor().schedule(this::check, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void check() {
        timer = null;
        if (!messages.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (inBody) {
            long due = lastBodyRead + bodyNanos;
            if (now - due < 0) {
                schedule(due - now);
            } else {
                // The 408 answers this request unless an answer to it (or an earlier one) is under way.
                timeOut(unanswered == 1 && !answering ? settings.bodyProblem() : null);
            }
        } else if (headStarted != NOT_STARTED) {
            long due = headStarted + headerNanos;
            if (unanswered > 0) {
                // A pipelined head waits while earlier requests are answered; its clock starts again after.
                headStarted = now;
                schedule(headerNanos);
            } else if (now - due < 0) {
                schedule(due - now);
            } else {
                timeOut(settings.headerProblem());
            }
        }
    }

    private void timeOut(byte[] problem) {
        if (problem == null) {
            messages.close();
            return;
        }
        FullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT,
                Unpooled.wrappedBuffer(problem));
        answer.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, problem.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        messages.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }
}
