//! ISIN (ISO 6166) validation: two letters, nine letters or digits, one Luhn check digit.

use crate::Isin;

/// Whether `isin` is well formed and its check digit is right.
pub fn is_valid(isin: &Isin) -> bool {
	let (country, rest) = isin.split_at(2);
	if !country.iter().all(u8::is_ascii_uppercase)
		|| !rest[..9].iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
		|| !rest[9].is_ascii_digit()
	{
		return false;
	}
	check_digit(&isin[..11]) == rest[9] - b'0'
}

/// The Luhn check digit of the first eleven characters, letters counted as 10 (A) to 35 (Z).
fn check_digit(body: &[u8]) -> u8 {
	// Expand letters into their two digits; at most 22 digits.
	let mut digits = [0u8; 22];
	let mut len = 0;
	for &c in body {
		if c.is_ascii_digit() {
			digits[len] = c - b'0';
			len += 1;
		} else {
			let value = c - b'A' + 10;
			digits[len] = value / 10;
			digits[len + 1] = value % 10;
			len += 2;
		}
	}
	// Double every other digit, starting with the rightmost.
	let sum: u32 = digits[..len]
		.iter()
		.rev()
		.enumerate()
		.map(|(i, &d)| {
			let d = if i % 2 == 0 { d * 2 } else { d } as u32;
			d / 10 + d % 10
		})
		.sum();
	((10 - sum % 10) % 10) as u8
}

#[cfg(test)]
mod tests {
	use super::*;

	fn isin(text: &str) -> Isin {
		text.as_bytes().try_into().unwrap()
	}

	#[test]
	fn real_isins_are_valid() {
		for text in ["US0378331005", "DE000BAY0017", "CH0012032048", "SG1T75931496", "US5949181045"]
		{
			assert!(is_valid(&isin(text)), "{text}");
		}
	}

	#[test]
	fn wrong_check_digits_and_shapes_are_refused() {
		assert!(!is_valid(&isin("US0378331006")));
		assert!(!is_valid(&isin("us0378331005")));
		assert!(!is_valid(&isin("U10378331005")));
		assert!(!is_valid(&isin("US037833100X")));
		assert!(!is_valid(&isin("US03783310-5")));
	}
}
