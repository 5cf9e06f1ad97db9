package dev.darkroom.photo;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * Resolves host names as usual, then refuses the connection if any address found is not public.
 * Checking here, at connection time, covers what checking the URL cannot: a public name that
 * resolves to a private address, DNS rebinding between check and use, and every redirect hop,
 * since each hop connects through the same resolver. Photo downloads and webhook deliveries use it,
 * each with its own exemptions and its own words for a refusal.
 */
public final class GuardedResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    private final AddressResolverGroup<InetSocketAddress> delegate;
    private final BiPredicate<String, Integer> exempt;
    private final Function<String, RuntimeException> unresolved;
    private final Function<String, RuntimeException> refused;

    GuardedResolverGroup(AddressResolverGroup<InetSocketAddress> delegate, ImportProperties properties) {
        this(delegate, properties::allows, ImageDownloader.DownloadException::new,
                why -> new ImageDownloader.DownloadException(why + "; Darkroom downloads only from public addresses"));
    }

    /**
     * @param exempt     host and port that may resolve to any address (a test server on loopback)
     * @param unresolved the error for a name that does not resolve, given what happened
     * @param refused    the error for a refused address, given why
     */
    public GuardedResolverGroup(AddressResolverGroup<InetSocketAddress> delegate, BiPredicate<String, Integer> exempt,
                                Function<String, RuntimeException> unresolved, Function<String, RuntimeException> refused) {
        this.delegate = delegate;
        this.exempt = exempt;
        this.unresolved = unresolved;
        this.refused = refused;
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
                        promise.tryFailure(unresolved.apply("the host name "
                                + requested.getHostString() + " could not be resolved"));
                        return;
                    }
                    @SuppressWarnings("unchecked")
                    List<InetSocketAddress> addresses = (List<InetSocketAddress>) found.getNow();
                    if (!exempt.test(requested.getHostString(), requested.getPort())) {
                        for (InetSocketAddress candidate : addresses) {
                            String refusal = AddressPolicy.refusal(candidate.getAddress());
                            if (refusal != null) {
                                promise.tryFailure(refused.apply("the host "
                                        + requested.getHostString() + " resolves to "
                                        + candidate.getAddress().getHostAddress() + ", which " + refusal));
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
