"""The tuned constants of the answer step, each with what it weighs and, where it was measured,
how (the meeting benchmark is ``qa eval eval/meeting``)."""

# --- Choosing the answering sentence (extractive) ---

# The top passages whose sentences may answer.
PASSAGES = 4
# Weight of a sentence's cosine to the question in its score: it finds paraphrases the shared
# words miss.
COSINE_WEIGHT = 2.0
# Weight of the share of the question's word pairs the sentence holds in a row.
BIGRAM_WEIGHT = 0.5
# A question word found only around the sentence (its passage or document title, e.g. the
# meeting's name) counts for this much of one found in the sentence itself.
CONTEXT_CREDIT = 0.6
# Taken from a sentence's score per place its passage is below the first: retrieval's ranking
# already weighed the whole passage (0.04 -> 0.12: ViQuAD 1.0 held-out half F1 +0.005, meeting
# benchmark +0.007, one more evidence sentence right and one more refusal right).
RANK_PENALTY = 0.12
# Added to a sentence that holds an answer of the kind asked (a person for "ai", a date…).
TYPE_BONUS = 0.35
# Added to a labelled line of the kind asked ("Thời gian: …", "Địa điểm: …"): invitations and
# minutes state time and place so, sharing few words with the question.
LABEL_BONUS = 0.35
# When the best sentence holds nothing of the kind asked, one this much lower that does answers.
KIND_MARGIN = 0.1
# Words this long in a name of the question may be misspelled by one letter and still name the
# same thing in the passage.
FUZZY_LENGTH = 6

# --- The reading model (extractive, with read.py) ---

# Weight of the reading model's probability that the answer starts in the sentence, among the
# sentences of the chosen passage (ViQuAD 1.0 held-out half and meeting benchmark: 0.25-1.0 within
# 0.006 F1 on both; 0.7 has the most sentences right on the meeting benchmark).
READ_WEIGHT = 0.7
# Longest answer the reading model may mark, in tokens.
READ_MAX_TOKENS = 30
# The model's person or place replaces the rules' one it does not overlap when the model scores
# its own this many logits higher: the rules take the sentence's names in order ("La Défense" for
# who designed the Louvre pyramid); meeting answers keep the titles the rules add.
READ_OVERRIDE = 6.0
# The model's best span anywhere in the cited passage replaces the rules' answer when it scores
# it this many logits higher (recorded scores, \`\`qa eval --out\`\`: 6-10 raise F1 on the meeting
# benchmark and ViQuAD 1.0 held-out half alike, 8 the most on both; below 6 the meeting
# benchmark's titled names and counted units lose to the model's bare ones).
PASSAGE_OVERRIDE = 8.0

# A sentence holding at least this share of the question's rare words answers whatever the
# model reads; below it, the cited passage needs the answerability ``min_answerability``
# (measured with the model's scores recorded, eval --out: 0.4 with -2 adds 1.4 points of
# refusal recall on ViQuAD 2.0 half's trained articles for 0.4 points of answerable refused,
# and changes nothing on the meeting benchmark or ViNewsQA; a threshold on its own refused a
# quarter of the meeting benchmark's answerable questions).
SURE_COVERAGE = 0.4

# --- Span rules (spans/) ---

# Words either side of an open answer's slot that may be question words.
SLOT_WINDOW = 6
# A question word this many words further from the slot counts half.
SLOT_DECAY = 3.0
# Per word (up to 10): of two slots the question frames alike, the fuller.
SLOT_LENGTH_BONUS = 0.05
# Words after a number within which the counted unit may stand ("70 tổ chức, cơ quan").
UNIT_REACH = 6
# Syllables of the deed a who-question asks about ("ai chủ trì") looked for in the sentence.
DEED_WORDS = 2
