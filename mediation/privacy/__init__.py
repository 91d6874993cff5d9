"""Personal data as 「개인정보 보호법」 asks: access records (접속기록), masking in lists
(need to know), refusal of unique identifiers, the monthly check of the records."""
