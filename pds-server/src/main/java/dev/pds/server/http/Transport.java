package dev.pds.server.http;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * The network transport: Netty's native epoll where its library loads (Linux on x86-64 and
 * arm64), which makes fewer system calls and less garbage per request than the JDK's NIO
 * selector; NIO elsewhere. Both behave the same to the handlers.
 */
public enum Transport {
    EPOLL, NIO;

    /** The best transport this process can load. */
    public static Transport available() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** An event loop group of {@code threads} threads (0: Netty's default, twice the cores). */
    public EventLoopGroup group(int threads, ThreadFactory factory) {
        return this == EPOLL ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Why epoll is not used, or null when it is. */
    public static String whyNotEpoll() {
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null ? null : cause.toString();
    }
}
