package secrets

// Near misses of the secret formats, next to true samples.

const telegramBotToken = "7312845906:AAPtYgjmUhBel31iEl2hpChYgCfrL1spNxn" // want TL101

var (
	telegramToken    = "6039:AARS-6ilI8ihN5KXSc7Tvo-hBKqFYY-kv5Z"
	firebaseKey      = "AIzaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM"
	nonMatchingToken = "task_test_fjanjcaey0q3arg2r32csemwp14d3b"
	encryptedSecret  = "ENC[AES256_GCM,data:O+5l4g==,iv:c/dS4BCBMbnKsXYuzBuCuVQt8RV9bOv5HgdpL+iwmns=,tag:KkQfh6OymvCt4uC13p318g==,type:str]"
	apiKey           = "AbCeFG123"
	sessionToken     = "OzdmenCkhvMdgaKjIg8xNbe3nNyj" // want TL102
)
