//! Reading a response body under a size cap and a stall timeout, holding at most the cap
//! in memory whatever the server (or a decompression bomb) sends.

use std::time::Duration;

use futures_util::{Stream, StreamExt};

#[derive(Debug, PartialEq)]
pub enum BodyError<E> {
    /// More than the cap arrived; reading stopped there.
    TooLarge,
    /// No chunk arrived within the stall timeout.
    Stalled,
    /// The stream itself failed (connection lost, broken compression).
    Source(E),
}

/// Collects the chunks of `body` (already decompressed, so the cap holds for the
/// decompressed size) into one buffer whose capacity never exceeds `cap`.
pub async fn read_capped<S, B, E>(
    body: S,
    cap: u64,
    stall: Duration,
) -> Result<Vec<u8>, BodyError<E>>
where
    S: Stream<Item = Result<B, E>>,
    B: AsRef<[u8]>,
{
    let cap = usize::try_from(cap).unwrap_or(usize::MAX);
    let mut body = std::pin::pin!(body);
    let mut collected: Vec<u8> = Vec::new();
    loop {
        let next = tokio::time::timeout(stall, body.next())
            .await
            .map_err(|_| BodyError::Stalled)?;
        let Some(chunk) = next else {
            return Ok(collected);
        };
        let chunk = chunk.map_err(BodyError::Source)?;
        let chunk = chunk.as_ref();
        let needed = collected.len().saturating_add(chunk.len());
        if needed > cap {
            return Err(BodyError::TooLarge);
        }
        if needed > collected.capacity() {
            // Double as Vec would, but never past the cap.
            let wanted = collected.capacity().saturating_mul(2).max(needed).min(cap);
            collected.reserve_exact(wanted - collected.len());
        }
        collected.extend_from_slice(chunk);
    }
}

/// Why a gzip file could not be unpacked.
#[derive(Debug, PartialEq)]
pub enum GzipError {
    /// It unpacks to more than the cap.
    TooLarge,
    /// Not a valid gzip stream (cut off, corrupt).
    Broken(String),
}

/// A body that is itself a gzip file (`sitemap.xml.gz` served as `application/gzip`,
/// without `Content-Encoding`): unpacked, at most `cap` bytes. Any other body is
/// returned as it came. HTTP compression was already undone by the client.
pub fn unpack_gzip_file(bytes: Vec<u8>, cap: u64) -> Result<Vec<u8>, GzipError> {
    use std::io::Read;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut unpacked = Vec::new();
    let mut decoder =
        flate2::read::MultiGzDecoder::new(bytes.as_slice()).take(cap.saturating_add(1));
    decoder
        .read_to_end(&mut unpacked)
        .map_err(|e| GzipError::Broken(e.to_string()))?;
    if unpacked.len() as u64 > cap {
        return Err(GzipError::TooLarge);
    }
    Ok(unpacked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::stream;

    fn gzip(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn a_gzip_file_is_unpacked_and_anything_else_left_as_it_is() {
        let xml = b"<urlset><url><loc>https://amt.example/a</loc></url></urlset>".to_vec();
        assert_eq!(unpack_gzip_file(gzip(&xml), 1024), Ok(xml.clone()));
        assert_eq!(unpack_gzip_file(xml.clone(), 1024), Ok(xml));
    }

    #[test]
    fn a_gzip_bomb_stops_at_the_cap_and_a_cut_off_file_is_an_error() {
        let bomb = gzip(&vec![b'x'; 100_000]);
        assert!(bomb.len() < 1_000);
        assert_eq!(
            unpack_gzip_file(bomb.clone(), 10_000),
            Err(GzipError::TooLarge)
        );
        let cut = bomb[..bomb.len() / 2].to_vec();
        assert!(matches!(
            unpack_gzip_file(cut, 1_000_000),
            Err(GzipError::Broken(_))
        ));
    }

    fn chunks(sizes: &[usize]) -> impl Stream<Item = Result<Vec<u8>, String>> {
        stream::iter(sizes.iter().map(|&n| Ok(vec![b'x'; n])).collect::<Vec<_>>())
    }

    #[tokio::test]
    async fn collects_a_body_within_the_cap() {
        let body = read_capped(chunks(&[3, 4, 5]), 12, Duration::from_secs(1)).await;
        assert_eq!(body.map(|b| b.len()), Ok(12));
    }

    #[tokio::test]
    async fn stops_at_the_cap_without_growing_past_it() {
        let cap = 100_000u64;
        let endless = stream::repeat_with(|| Ok::<_, String>(vec![0u8; 8192]));
        let result = read_capped(endless, cap, Duration::from_secs(1)).await;
        assert_eq!(result, Err(BodyError::TooLarge));

        let body = read_capped(chunks(&[1000; 100]), cap, Duration::from_secs(1))
            .await
            .expect("exactly the cap is allowed");
        assert_eq!(body.len() as u64, cap);
        assert!(
            body.capacity() as u64 <= cap,
            "capacity {}",
            body.capacity()
        );
    }

    #[tokio::test]
    async fn a_silent_stream_stalls() {
        let silent = stream::pending::<Result<Vec<u8>, String>>();
        let result = read_capped(silent, 10, Duration::from_millis(50)).await;
        assert_eq!(result, Err(BodyError::Stalled));
    }

    #[tokio::test]
    async fn stream_errors_pass_through() {
        let broken = stream::iter(vec![Ok(vec![1u8]), Err("reset".to_string())]);
        let result = read_capped(broken, 10, Duration::from_secs(1)).await;
        assert_eq!(result, Err(BodyError::Source("reset".to_string())));
    }
}
