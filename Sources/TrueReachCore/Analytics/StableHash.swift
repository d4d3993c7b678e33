/// A seeded, platform-independent 64-bit hash of an account key (FNV-1a, then a SplitMix64 finaliser).
///
/// Swift's `Hasher` is randomly seeded per process, so it cannot drive reproducible
/// samples; this one gives the same value for the same key and seed on every run and machine.
public enum StableHash {
    /// Hashes `platform` and `id` under `seed`.
    public static func hash(platform: Platform, id: ProfileID, seed: UInt64) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in platform.rawValue.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        h = (h ^ 0xff) &* 0x100_0000_01b3
        for byte in id.rawValue.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return mix(h &+ seed)
    }

    /// The SplitMix64 finaliser: spreads every input bit over the output.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
