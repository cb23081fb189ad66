/// The hub's own formats: exact decimals, ISO 4217 currencies, ISO 3166-1 countries and Indian GSTINs.
public enum HubFormats {
    /// `^-?[0-9]+(\.[0-9]+)?$`: a decimal amount as text, never a binary float.
    public static func isDecimal(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { isDecimal($0) }
    }

    /// ``isDecimal(_:)`` on UTF-8 bytes.
    static func isDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if i < bytes.count && bytes[i] == UInt8(ascii: "-") { i += 1 }
        let integerStart = i
        while i < bytes.count && isDigit(bytes[i]) { i += 1 }
        guard i > integerStart else { return false }
        guard i < bytes.count else { return true }
        guard bytes[i] == UInt8(ascii: ".") else { return false }
        i += 1
        let fractionStart = i
        while i < bytes.count && isDigit(bytes[i]) { i += 1 }
        return i > fractionStart && i == bytes.count
    }

    /// The number of digits after the decimal point in a decimal string (`"49.00"` → 2).
    public static func scale(of decimal: String) -> Int {
        guard let point = decimal.firstIndex(of: ".") else { return 0 }
        return decimal.distance(from: point, to: decimal.endIndex) - 1
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    /// Whether `s` is a GSTIN with a correct check character (mod-36 Luhn variant).
    public static func isGSTIN(_ s: String) -> Bool {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let chars = Array(s)
        guard chars.count == 15 else { return false }
        guard let state = Int(String(chars[0...1])), (1...99).contains(state) else { return false }
        var sum = 0
        for (i, c) in chars.prefix(14).enumerated() {
            guard let value = alphabet.firstIndex(of: c) else { return false }
            let product = value * (i % 2 == 0 ? 1 : 2)
            sum += product / 36 + product % 36
        }
        let check = (36 - sum % 36) % 36
        return chars[14] == alphabet[check]
    }

    /// ISO 4217 active codes with their minor-unit exponent.
    public static let currencyExponents: [String: Int] = {
        var table: [String: Int] = [:]
        let two = """
            AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF \
            CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL \
            HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP \
            MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD \
            SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS \
            VES WST XCD YER ZAR ZMW ZWG XCG
            """
        for code in two.split(separator: " ") { table[String(code)] = 2 }
        for code in "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split(separator: " ") {
            table[String(code)] = 0
        }
        for code in "BHD IQD JOD KWD LYD OMR TND".split(separator: " ") { table[String(code)] = 3 }
        table["CLF"] = 4
        table["UYW"] = 4
        return table
    }()

    /// ISO 3166-1 alpha-2 codes.
    public static let countries: Set<String> = Set(
        """
        AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW \
        BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI \
        FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN \
        IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME \
        MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF \
        PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV \
        SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE \
        YT ZA ZM ZW
        """.split(separator: " ").map(String.init))

    /// Whether `code` is an active ISO 4217 currency code (table lookup, no hashing).
    public static func isCurrency(_ code: String) -> Bool { currencyTable.contains(code) }

    /// Whether `code` is an ISO 3166-1 alpha-2 country code (table lookup, no hashing).
    public static func isCountry(_ code: String) -> Bool { countryTable.contains(code) }

    static let currencyTable = LetterCodeTable(length: 3, values: currencyExponents)
    static let countryTable = LetterCodeTable(length: 2, values: Dictionary(uniqueKeysWithValues: countries.map { ($0, 0) }))
}
