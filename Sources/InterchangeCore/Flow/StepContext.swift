import JSONValue

/// The JSON a step's expressions see: `event` (the canonical event) and `steps` (earlier outputs by name).
enum StepContext {
    static func make(event: CanonicalEvent, previous: [StepRecord]) -> JSON {
        var steps = JSONObject()
        for step in previous where step.state == .succeeded {
            steps[step.name] = step.output ?? .null
        }
        let eventJSON: JSON = [
            "id": .string(event.id),
            "type": .string(event.type),
            "source": .string(event.source),
            "subject": .string(event.subject),
            "data": event.data,
        ]
        return ["event": eventJSON, "steps": .object(steps)]
    }
}
