package dev.darkroom.photo;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * Resolves host names as usual, then refuses the connection if any address found is not public.
 * Checking here, at connection time, covers what checking the URL cannot: a public name that
 * resolves to a private address, DNS rebinding between check and use, and every redirect hop,
 * since each hop connects through the same resolver.
 */
final class GuardedResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    private final AddressResolverGroup<InetSocketAddress> delegate;
    private final ImportProperties properties;

    GuardedResolverGroup(AddressResolverGroup<InetSocketAddress> delegate, ImportProperties properties) {
        this.delegate = delegate;
        this.properties = properties;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        AddressResolver<InetSocketAddress> resolver = delegate.getResolver(executor);
        return new AddressResolver<>() {
            @Override
            public boolean isSupported(SocketAddress address) {
                return resolver.isSupported(address);
            }

            // Never "already resolved": an address given as an IP literal must be checked too.
            @Override
            public boolean isResolved(SocketAddress address) {
                return false;
            }

            @Override
            public Future<InetSocketAddress> resolve(SocketAddress address) {
                return resolve(address, executor.newPromise());
            }

            @Override
            public Future<InetSocketAddress> resolve(SocketAddress address, Promise<InetSocketAddress> promise) {
                resolveAll(address).addListener(all -> {
                    if (all.isSuccess()) {
                        @SuppressWarnings("unchecked")
                        List<InetSocketAddress> addresses = (List<InetSocketAddress>) all.getNow();
                        promise.trySuccess(addresses.getFirst());
                    } else {
                        promise.tryFailure(all.cause());
                    }
                });
                return promise;
            }

            @Override
            public Future<List<InetSocketAddress>> resolveAll(SocketAddress address) {
                return resolveAll(address, executor.newPromise());
            }

            @Override
            public Future<List<InetSocketAddress>> resolveAll(SocketAddress address, Promise<List<InetSocketAddress>> promise) {
                InetSocketAddress requested = (InetSocketAddress) address;
                resolver.resolveAll(address).addListener(found -> {
                    if (!found.isSuccess()) {
                        promise.tryFailure(new ImageDownloader.DownloadException("the host name "
                                + requested.getHostString() + " could not be resolved"));
                        return;
                    }
                    @SuppressWarnings("unchecked")
                    List<InetSocketAddress> addresses = (List<InetSocketAddress>) found.getNow();
                    if (!properties.allows(requested.getHostString(), requested.getPort())) {
                        for (InetSocketAddress candidate : addresses) {
                            String refusal = AddressPolicy.refusal(candidate.getAddress());
                            if (refusal != null) {
                                promise.tryFailure(new ImageDownloader.DownloadException("the host "
                                        + requested.getHostString() + " resolves to "
                                        + candidate.getAddress().getHostAddress() + ", which " + refusal
                                        + "; Darkroom downloads only from public addresses"));
                                return;
                            }
                        }
                    }
                    promise.trySuccess(addresses);
                });
                return promise;
            }

            @Override
            public void close() {
                resolver.close();
            }
        };
    }

    @Override
    public void close() {
        super.close();
        delegate.close();
    }
}
