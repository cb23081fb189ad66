import Foundation
import InterchangeCore
import JSONValue
import Testing

/// Tokens: shown once, stored as hashes, refused when unknown, revoked or expired, each change audited.
@Suite struct TokenServiceTests {
    final class Clock: @unchecked Sendable {
        var now = Date(timeIntervalSince1970: 1_750_000_000)
    }

    func service(_ store: InMemoryStore, _ clock: Clock) -> TokenService {
        TokenService(store: store, audit: AuditLog(store: store, now: { clock.now }), now: { clock.now })
    }

    @Test func aTokenIsShownOnceAndStoredAsItsHash() async throws {
        let store = InMemoryStore(), clock = Clock()
        let tokens = service(store, clock)
        let (token, text) = try await tokens.create(.init(name: "ci", roles: [.operator], scopes: Scopes(flows: ["order-to-cash"]), expiresInDays: 30), by: "ana")
        #expect(text.hasPrefix("ict_") && text.count == 47, "256 bits in base64url")
        let stored = try await store.tokens()
        #expect(stored == [token])
        #expect(stored[0].hash == TokenService.hash(text) && stored[0].hash != text)
        #expect(!stored[0].hash.contains(text))
        let principal = try await tokens.authenticate(authorization: "Bearer \(text)", from: "127.0.0.1")
        #expect(principal == Principal(id: token.id, name: "ci", roles: [.operator], scopes: Scopes(flows: ["order-to-cash"])))
        #expect(try await store.tokens()[0].lastUsedAt == clock.now)
        let created = try await store.auditEntries(AuditFilter(action: "token.created"))
        #expect(created.count == 1 && created[0].actor == "ana" && created[0].target == token.id)
        #expect(!created[0].details.serialized().contains(token.hash), "the audit trail never holds a token's hash")
    }

    @Test func unknownRevokedExpiredAndMalformedTokensAreRefusedAndAudited() async throws {
        let store = InMemoryStore(), clock = Clock()
        let tokens = service(store, clock)
        let (revoked, revokedText) = try await tokens.create(.init(name: "old", roles: [.viewer]), by: "ana")
        let (_, expiringText) = try await tokens.create(.init(name: "short", roles: [.viewer], expiresInDays: 1), by: "ana")
        #expect(try await tokens.revoke(id: revoked.id, by: "ana"))
        #expect(try await !tokens.revoke(id: revoked.id, by: "ana"))
        clock.now = clock.now.addingTimeInterval(86_401)
        for header in ["Bearer \(revokedText)", "Bearer \(expiringText)", "Bearer ict_nope", "Basic YWxhZGRpbjpvcGVu", "Bearer", String(repeating: "Bearer x", count: 100)] {
            #expect(try await tokens.authenticate(authorization: header, from: "10.0.0.9") == nil, "\(header.prefix(30))")
        }
        #expect(try await tokens.authenticate(authorization: nil, from: "10.0.0.9") == nil)
        let failures = try await store.auditEntries(AuditFilter(action: "auth.failed"))
        #expect(failures.map { $0.details["reason"]?.stringValue } == ["revoked token", "expired token", "unknown token", "not a bearer token", "not a bearer token", "not a bearer token"])
        #expect(failures.allSatisfy { $0.details["source"] == "10.0.0.9" })
        #expect(try await store.auditEntries(AuditFilter(action: "token.revoked")).count == 1)
    }

    @Test func requestsOutsideTheRulesAreRefusedWithTheReason() async throws {
        let tokens = service(InMemoryStore(), Clock())
        for (request, reason) in [
            (TokenService.Request(name: " ", roles: [.viewer]), "name"), (.init(name: "x", roles: []), "roles"),
            (.init(name: "x", roles: [.viewer], expiresInDays: 0), "expiresInDays"), (.init(name: "x", roles: [.viewer], expiresInDays: 99_999), "expiresInDays"),
        ] {
            await #expect { try await tokens.create(request, by: "ana") } throws: { ($0 as? TokenService.InvalidRequest)?.description.contains(reason) == true }
        }
    }

    @Test func theBootstrapTokenBecomesAdminOnlyWhileThereIsNoAdmin() async throws {
        let store = InMemoryStore(), clock = Clock()
        let tokens = service(store, clock)
        #expect(try await tokens.bootstrap(text: "first-admin-secret"))
        #expect(try await !tokens.bootstrap(text: "first-admin-secret"), "a restart with the same variable changes nothing")
        #expect(try await !tokens.bootstrap(text: "another-secret"), "an admin exists")
        let principal = try #require(try await tokens.authenticate(authorization: "Bearer first-admin-secret", from: "local"))
        #expect(principal.roles == [.admin] && principal.name == "bootstrap" && principal.may(.manageTokens) && !principal.may(.operate))
        _ = try await tokens.revoke(id: principal.id, by: "ana")
        #expect(try await !tokens.bootstrap(text: "first-admin-secret"), "a revoked bootstrap token never comes back")
        #expect(try await tokens.bootstrap(text: "a-new-secret"), "with no admin left, a new bootstrap token is taken")
    }

    @Test func rolesGrantWhatTheMatrixSays() {
        let viewer = Principal(id: "1", name: "v", roles: [.viewer])
        #expect(viewer.may(.read) && !viewer.may(.operate) && !viewer.may(.revealPII))
        let both = Principal(id: "2", name: "o", roles: [.operator, .approver])
        #expect(both.may(.read) && both.may(.operate) && both.may(.approve) && !both.may(.manageTokens))
        #expect(Principal(id: "3", name: "a", roles: [.agent]).may(.propose) && !Principal(id: "3", name: "a", roles: [.agent]).may(.operate))
        #expect(Principal(id: "4", name: "r", roles: [.piiReader]).may(.revealPII))
    }
}
