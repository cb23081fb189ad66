@testable import JSONValue
import Testing

/// The object's storage keeps names in an array and values in its own allocation; these tests walk
/// every way the two are changed together.
@Suite struct JSONObjectTests {
    /// Keys and values read back through every accessor, in order.
    private func expectMembers(_ object: JSONObject, _ expected: [(String, JSON)], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(object.keys == expected.map(\.0), sourceLocation: sourceLocation)
        #expect(object.values == expected.map(\.1), sourceLocation: sourceLocation)
        #expect(object.count == expected.count, sourceLocation: sourceLocation)
        #expect(Array(object).map(\.0) == expected.map(\.0), sourceLocation: sourceLocation)
        #expect(Array(object).map(\.1) == expected.map(\.1), sourceLocation: sourceLocation)
        object.withMembers { keys, values in
            #expect(Array(keys) == expected.map(\.0), sourceLocation: sourceLocation)
            #expect(Array(values) == expected.map(\.1), sourceLocation: sourceLocation)
        }
        for (key, value) in expected { #expect(object[key] == value, sourceLocation: sourceLocation) }
    }

    @Test func growsPastItsCapacityAndBuildsAnIndexWhenLarge() {
        var object = JSONObject()
        var expected: [(String, JSON)] = []
        for i in 0..<40 {
            object["k\(i)"] = .string("value \(i), long enough to live on the heap")
            expected.append(("k\(i)", .string("value \(i), long enough to live on the heap")))
            expectMembers(object, expected)
        }
        #expect(object["absent"] == nil)
    }

    @Test func replacesAndRemovesMembersInPlace() {
        var object = JSONObject((0..<20).map { ("k\($0)", JSON.number(JSONNumber($0))) })
        object["k3"] = "three"
        object["k0"] = nil
        object["k19"] = nil
        object["k10"] = nil
        object["absent"] = nil
        var expected = (0..<20).map { ("k\($0)", JSON.number(JSONNumber($0))) }
        expected[3].1 = "three"
        expected.removeAll { ["k0", "k19", "k10"].contains($0.0) }
        expectMembers(object, expected)
        // Below the index threshold the linear search takes over again.
        for key in expected.prefix(10).map(\.0) { object[key] = nil }
        expectMembers(object, Array(expected.dropFirst(10)))
    }

    @Test func copiesOnWriteOnly() {
        let original = JSONObject([("a", 1), ("b", ["nested": true])])
        var copy = original
        copy["a"] = 2
        copy["c"] = "new"
        copy["b"] = nil
        expectMembers(original, [("a", 1), ("b", ["nested": true])])
        expectMembers(copy, [("a", 2), ("c", "new")])
    }

    @Test func builderAppendsValuesAndNamesThemAtTheEnd() {
        let keys = ["id", "lines", "note"]
        let builder = JSONObject.Builder(capacity: keys.count)
        builder.append("SHOP-1")
        builder.append([1, 2])
        let object = builder.finish(keys: ["id", "lines"])
        expectMembers(object, [("id", "SHOP-1"), ("lines", [1, 2])])
        var changed = object
        changed["note"] = "appended after building"
        expectMembers(changed, [("id", "SHOP-1"), ("lines", [1, 2]), ("note", "appended after building")])
        expectMembers(object, [("id", "SHOP-1"), ("lines", [1, 2])])
    }

    @Test func abandonedBuilderReleasesWhatItHeld() {
        var inner = JSONObject([("a", 1)])
        do {
            let builder = JSONObject.Builder(capacity: 2)
            builder.append(.object(inner))
            #expect(!isKnownUniquelyReferenced(&inner.storage))
        }
        #expect(isKnownUniquelyReferenced(&inner.storage))
    }

    @Test func equalityIgnoresOrderAndHashAgrees() {
        let a = JSONObject([("x", 1), ("y", "two")])
        let b = JSONObject([("y", "two"), ("x", 1)])
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != JSONObject([("x", 1)]))
    }
}
