//! The COSE signature algorithms a health certificate may use, and the public keys that
//! check them.

use p256::ecdsa::signature::Verifier as _;
use rsa::RsaPublicKey;
use sha2::Sha256;

/// A COSE signature algorithm this verifier supports: the set EU DCC verifiers accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// ECDSA over P-256 with SHA-256 (COSE -7); the signature is `r || s`, 64 bytes.
    Es256,
    /// ECDSA over P-384 with SHA-384 (COSE -35); `r || s`, 96 bytes. Spain's signers use it.
    Es384,
    /// ECDSA over P-521 with SHA-512 (COSE -36); `r || s`, 132 bytes.
    Es512,
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (COSE -37).
    Ps256,
    /// Ed25519 (COSE -8).
    EdDsa,
}

impl Algorithm {
    /// The algorithm for a COSE algorithm number, if supported.
    pub fn from_cose(value: i64) -> Option<Self> {
        match value {
            -7 => Some(Algorithm::Es256),
            -35 => Some(Algorithm::Es384),
            -36 => Some(Algorithm::Es512),
            -37 => Some(Algorithm::Ps256),
            -8 => Some(Algorithm::EdDsa),
            _ => None,
        }
    }

    /// The COSE algorithm number.
    pub fn cose_value(self) -> i64 {
        match self {
            Algorithm::Es256 => -7,
            Algorithm::Es384 => -35,
            Algorithm::Es512 => -36,
            Algorithm::Ps256 => -37,
            Algorithm::EdDsa => -8,
        }
    }

    /// The JOSE/COSE name (`ES256`, `ES384`, `ES512`, `PS256`, `EdDSA`).
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Es256 => "ES256",
            Algorithm::Es384 => "ES384",
            Algorithm::Es512 => "ES512",
            Algorithm::Ps256 => "PS256",
            Algorithm::EdDsa => "EdDSA",
        }
    }

    /// The signature in one canonical form, so two encodings of the same signature give the
    /// same certificate fingerprint. ECDSA: `r || s` with the low `s` (anyone can turn `s`
    /// into `n − s`, or re-encode as DER, and the signature still verifies). Other
    /// algorithms, and ECDSA bytes that do not parse, are returned as they are.
    pub fn canonical_signature(self, signature: &[u8]) -> Vec<u8> {
        let canonical = match self {
            Algorithm::Es256 => ecdsa_signature::<p256::NistP256>(signature).map(|sig| low_s(sig).to_vec()),
            Algorithm::Es384 => ecdsa_signature::<p384::NistP384>(signature).map(|sig| low_s(sig).to_vec()),
            Algorithm::Es512 => ecdsa_signature::<p521::NistP521>(signature).map(|sig| low_s(sig).to_vec()),
            Algorithm::Ps256 | Algorithm::EdDsa => None,
        };
        canonical.unwrap_or_else(|| signature.to_vec())
    }
}

/// A public key that can check certificate signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerPublicKey {
    /// A P-256 key (for ES256).
    P256(p256::ecdsa::VerifyingKey),
    /// A P-384 key (for ES384).
    P384(p384::ecdsa::VerifyingKey),
    /// A P-521 key (for ES512), as its SEC1 point: the P-521 verifying key type does not
    /// compare, so the point is kept and the key made when a signature is checked.
    P521(Vec<u8>),
    /// An RSA key (for PS256).
    Rsa(RsaPublicKey),
    /// An Ed25519 key (for EdDSA).
    Ed25519(ed25519_dalek::VerifyingKey),
}

impl SignerPublicKey {
    /// Whether `signature` over `message` verifies under this key with `algorithm`. A key of
    /// another type than the algorithm needs never verifies.
    pub fn verifies(&self, algorithm: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        match (self, algorithm) {
            (SignerPublicKey::P256(key), Algorithm::Es256) => {
                ecdsa_signature::<p256::NistP256>(signature).is_some_and(|sig| key.verify(message, &sig).is_ok())
            }
            (SignerPublicKey::P384(key), Algorithm::Es384) => {
                ecdsa_signature::<p384::NistP384>(signature).is_some_and(|sig| key.verify(message, &sig).is_ok())
            }
            (SignerPublicKey::P521(point), Algorithm::Es512) => {
                let Ok(key) = p521::ecdsa::VerifyingKey::from_sec1_bytes(point) else { return false };
                ecdsa_signature::<p521::NistP521>(signature).is_some_and(|sig| key.verify(message, &sig).is_ok())
            }
            (SignerPublicKey::Rsa(key), Algorithm::Ps256) => {
                let verifier = rsa::pss::VerifyingKey::<Sha256>::new(key.clone());
                rsa::pss::Signature::try_from(signature).is_ok_and(|sig| verifier.verify(message, &sig).is_ok())
            }
            (SignerPublicKey::Ed25519(key), Algorithm::EdDsa) => {
                ed25519_dalek::Signature::from_slice(signature).is_ok_and(|sig| key.verify_strict(message, &sig).is_ok())
            }
            _ => false,
        }
    }
}

/// An ECDSA signature as COSE writes it (`r || s`) or as a few issuers emit it (DER). Both are
/// the same signature, so accepting DER weakens nothing.
fn ecdsa_signature<C>(bytes: &[u8]) -> Option<ecdsa::Signature<C>>
where
    C: elliptic_curve::PrimeCurve + elliptic_curve::CurveArithmetic,
    ecdsa::SignatureSize<C>: elliptic_curve::generic_array::ArrayLength<u8>,
    ecdsa::der::MaxSize<C>: elliptic_curve::generic_array::ArrayLength<u8>,
    <elliptic_curve::FieldBytesSize<C> as std::ops::Add>::Output:
        std::ops::Add<ecdsa::der::MaxOverhead> + elliptic_curve::generic_array::ArrayLength<u8>,
{
    let raw_len = 2 * <elliptic_curve::FieldBytesSize<C> as elliptic_curve::generic_array::typenum::Unsigned>::USIZE;
    if bytes.len() == raw_len { ecdsa::Signature::from_slice(bytes).ok() } else { ecdsa::Signature::from_der(bytes).ok() }
}

/// `r || s` with `s` in the lower half of the group order.
fn low_s<C>(signature: ecdsa::Signature<C>) -> ecdsa::SignatureBytes<C>
where
    C: elliptic_curve::PrimeCurve + elliptic_curve::CurveArithmetic,
    ecdsa::SignatureSize<C>: elliptic_curve::generic_array::ArrayLength<u8>,
{
    signature.normalize_s().unwrap_or(signature).to_bytes()
}
