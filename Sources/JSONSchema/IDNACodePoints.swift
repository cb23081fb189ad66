/// The IDNA2008 code point rules (RFC 5892) the validator applies, approximated with the Unicode
/// properties the standard library exposes.
enum IDNACodePoints {
    /// RFC 5892 §2.6 exceptions that are DISALLOWED.
    private static let disallowedExceptions: Set<UInt32> = [0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B]
    /// RFC 5892 §2.6 exceptions that are PVALID although their properties say otherwise.
    private static let validExceptions: Set<UInt32> = [0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007]
    /// CONTEXTO code points allowed only by their rule.
    private static let contextual: Set<UInt32> = [0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB, 0x200C, 0x200D]

    static func isCombiningMark(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// PVALID or CONTEXT code points.
    static func isPermitted(_ s: Unicode.Scalar) -> Bool {
        if disallowedExceptions.contains(s.value) { return false }
        if validExceptions.contains(s.value) { return true }
        if contextual.contains(s.value) { return true }
        if s.isASCII { return s == "-" || ("a"..."z").contains(s) || ("0"..."9").contains(s) }
        switch s.properties.generalCategory {
        case .lowercaseLetter, .otherLetter, .modifierLetter, .nonspacingMark, .spacingMark, .decimalNumber:
            // Letters that change under case folding (e.g. KELVIN SIGN) are not stable: DISALLOWED.
            return !s.properties.changesWhenCaseFolded
        case .enclosingMark:
            return true
        default:
            return false
        }
    }

    /// CONTEXTJ and CONTEXTO rules (RFC 5892 Appendix A).
    static func contextRuleHolds(_ s: Unicode.Scalar, at i: Int, in label: [Unicode.Scalar]) -> Bool {
        let before = i > 0 ? label[i - 1] : nil
        let after = i + 1 < label.count ? label[i + 1] : nil
        switch s.value {
        case 0x00B7:  // MIDDLE DOT: between two 'l'.
            return before == "l" && after == "l"
        case 0x0375:  // GREEK KERAIA: followed by Greek.
            return after.map(isGreek) ?? false
        case 0x05F3, 0x05F4:  // HEBREW GERESH / GERSHAYIM: preceded by Hebrew.
            return before.map(isHebrew) ?? false
        case 0x30FB:  // KATAKANA MIDDLE DOT: the label has Hiragana, Katakana or Han.
            return label.contains { $0.value != 0x30FB && (isHiragana($0) || isKatakana($0) || isHan($0)) }
        case 0x200D:  // ZERO WIDTH JOINER: after a virama.
            return before.map(isVirama) ?? false
        case 0x200C:  // ZERO WIDTH NON-JOINER: after a virama, or between joining letters.
            if before.map(isVirama) ?? false { return true }
            let left = label[..<i].last { !isCombiningMark($0) }
            let right = label[(i + 1)...].first { !isCombiningMark($0) }
            return left.map(isJoiningLetter) ?? false && right.map(isJoiningLetter) ?? false
        default:
            return true
        }
    }

    static func isVirama(_ s: Unicode.Scalar) -> Bool { s.properties.canonicalCombiningClass.rawValue == 9 }
    static func isGreek(_ s: Unicode.Scalar) -> Bool { (0x0370...0x03FF).contains(s.value) || (0x1F00...0x1FFF).contains(s.value) }
    static func isHebrew(_ s: Unicode.Scalar) -> Bool { (0x0590...0x05FF).contains(s.value) }
    static func isHiragana(_ s: Unicode.Scalar) -> Bool { (0x3040...0x309F).contains(s.value) }
    static func isKatakana(_ s: Unicode.Scalar) -> Bool { (0x30A0...0x30FF).contains(s.value) || (0x31F0...0x31FF).contains(s.value) }
    static func isHan(_ s: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value) || (0x20000...0x2A6DF).contains(s.value)
            || (0xF900...0xFAFF).contains(s.value) || s.value == 0x3005 || s.value == 0x3007
    }
    /// Arabic-script letters that join on both sides (approximation of Joining_Type D/L/R).
    static func isJoiningLetter(_ s: Unicode.Scalar) -> Bool {
        ((0x0620...0x064A).contains(s.value) || (0x066E...0x06D3).contains(s.value) || (0x0710...0x074F).contains(s.value)
            || (0x0750...0x077F).contains(s.value) || (0x08A0...0x08FF).contains(s.value)) && s.properties.isAlphabetic
    }
}

/// The RFC 5893 Bidi rule, with bidirectional categories derived from script ranges.
enum Bidi {
    enum Category { case l, r, al, an, en, nsm, other }

    static func category(_ s: Unicode.Scalar) -> Category {
        let v = s.value
        if IDNACodePoints.isCombiningMark(s) && s.properties.generalCategory == .nonspacingMark { return .nsm }
        if ("0"..."9").contains(s) || (0x06F0...0x06F9).contains(v) { return .en }
        if (0x0660...0x0669).contains(v) || (0x066B...0x066C).contains(v) { return .an }
        if (0x0590...0x05FF).contains(v) || (0x07C0...0x07FF).contains(v) || (0xFB1D...0xFB4F).contains(v) { return .r }
        if (0x0600...0x06FF).contains(v) || (0x0700...0x074F).contains(v) || (0x0750...0x077F).contains(v) || (0x08A0...0x08FF).contains(v)
            || (0xFB50...0xFDFF).contains(v) || (0xFE70...0xFEFF).contains(v)
        {
            return .al
        }
        if s == "-" { return .other }
        return s.properties.isAlphabetic ? .l : .other
    }

    static func isRightToLeft(_ c: Category) -> Bool { c == .r || c == .al || c == .an }

    static func satisfiesRule(_ label: [Unicode.Scalar]) -> Bool {
        let categories = label.map(category)
        guard let first = categories.first, first == .l || first == .r || first == .al else { return false }
        let trimmed = categories.reversed().drop { $0 == .nsm }
        guard let last = trimmed.first else { return false }
        if first == .r || first == .al {
            guard categories.allSatisfy({ $0 != .l }) else { return false }
            guard [.r, .al, .en, .an].contains(last) else { return false }
            return !(categories.contains(.en) && categories.contains(.an))
        }
        guard categories.allSatisfy({ $0 != .r && $0 != .al && $0 != .an }) else { return false }
        return last == .l || last == .en
    }
}
