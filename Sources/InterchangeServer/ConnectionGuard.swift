import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Synchronization

/// Limits what one slow or idle client can hold: at most `maxConnections` open at once (the rest are
/// closed as soon as they connect), and every request must arrive whole — head and body — within
/// `readTimeout` of the connection opening or the previous response, or the connection is closed.
/// A body sent one byte at a time therefore cannot keep a connection, or its memory, for ever.
public struct ConnectionLimits: Sendable {
    public var maxConnections: Int
    public var readTimeout: Duration

    public init(maxConnections: Int = 512, readTimeout: Duration = .seconds(30)) {
        self.maxConnections = maxConnections
        self.readTimeout = readTimeout
    }
}

/// Counts the server's open connections, shared by every connection's guard.
final class ConnectionCounter: Sendable {
    let limits: ConnectionLimits
    private let open = Atomic<Int>(0)

    init(limits: ConnectionLimits) { self.limits = limits }

    /// Takes a place; `false` (and no place) when the cap is reached.
    func admit() -> Bool {
        let now = open.add(1, ordering: .relaxed).newValue
        guard now <= limits.maxConnections else {
            open.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func leave() { open.subtract(1, ordering: .relaxed) }

    var current: Int { open.load(ordering: .relaxed) }
}

/// One connection's guard, placed after HTTP decoding (see ``ConnectionLimits``).
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let counter: ConnectionCounter
    private var admitted = false
    private var deadline: Scheduled<Void>?

    init(counter: ConnectionCounter) { self.counter = counter }

    func handlerAdded(context: ChannelHandlerContext) {
        guard counter.admit() else {
            context.close(promise: nil)
            return
        }
        admitted = true
        startReading(context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopReading()
        if admitted {
            admitted = false
            counter.leave()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopReading()
        if admitted {
            admitted = false
            counter.leave()
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // The request is complete: the handler's own time does not count against the client.
        if case .end = unwrapInboundIn(data) { stopReading() }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // After the response, the next request (keep-alive) has the same time to arrive.
        if case .end = unwrapOutboundIn(data) { startReading(context) }
        context.write(data, promise: promise)
    }

    private func startReading(_ context: ChannelHandlerContext) {
        stopReading()
        let timeout = counter.limits.readTimeout
        let nanoseconds = Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) { channel.close(promise: nil) }
    }

    private func stopReading() {
        deadline?.cancel()
        deadline = nil
    }
}
