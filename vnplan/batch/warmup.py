"""Warming a process up: import vnplan and load its lazy data once.

The local engine's fork server imports this module as its preload (with
``VNPLAN_BATCH_WARM_FORKSERVER=1`` in its environment) and warms up once; every worker forked
from it then starts warm and shares those pages copy-on-write.
"""

from __future__ import annotations

import os

# A small plan that touches every lazily loaded part of the parser (header, sections, legal
# references, agencies, targets, deadlines, funding; a count of a noun outside the unit list,
# which loads underthesea's segmenter), parsed once per process by warm_up().
_WARM_PLAN = """ỦY BAN NHÂN DÂN
TỈNH KON TUM
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/KH-UBND
Kon Tum, ngày 05 tháng 3 năm 2024

KẾ HOẠCH
Phát triển hợp tác xã nông nghiệp năm 2024

Căn cứ Quyết định số 340/QĐ-TTg ngày 12/3/2021 của Thủ tướng Chính phủ;

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao hiệu quả hoạt động của các hợp tác xã nông nghiệp trên địa bàn tỉnh.
II. MỤC TIÊU
Phấn đấu đến năm 2025 có 80% hợp tác xã hoạt động hiệu quả, tăng 10% so với cùng kỳ; hỗ trợ 1.200 hộ dân; bổ sung tối thiểu 5.000 bản sách.
III. NHIỆM VỤ, GIẢI PHÁP
1. Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Sở Tài chính triển khai thực hiện; hoàn thành trước ngày 30/6/2024.
2. Định kỳ hằng quý, UBND các huyện báo cáo kết quả về Sở Nông nghiệp và Phát triển nông thôn.
IV. KINH PHÍ
Kinh phí thực hiện từ nguồn ngân sách nhà nước và nguồn xã hội hóa.
V. TỔ CHỨC THỰC HIỆN
Ủy ban nhân dân các huyện, thành phố tổ chức thực hiện Kế hoạch này.

Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An
"""

_WARM = False
WARM_ENV = "VNPLAN_BATCH_WARM_FORKSERVER"


def warm_up() -> None:
    """Import vnplan and load its lazy data (gazetteer trie, compiled patterns) in this process.

    Run once per process: in the fork server (then every worker forked from it starts warm
    and shares those pages copy-on-write) or, failing that, in each worker's initializer.
    Never raises: a failure here only means the first real document pays the loading time.
    """
    global _WARM
    if _WARM:
        return
    _WARM = True
    import importlib

    for mod in ("vnplan", "vnplan.readers.text", "vnplan.readers.markdown", "vnplan.readers.html",
                "vnplan.readers.pdf", "vnplan.readers.docx"):
        try:
            importlib.import_module(mod)
        except Exception:
            pass
    try:
        from ..pipeline import parse_text

        parse_text(_WARM_PLAN)
    except Exception:
        pass


def init_worker() -> None:
    """Worker initializer: ignore Ctrl-C (the parent handles it) and warm vnplan up once."""
    import signal

    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):  # pragma: no cover - not the main thread
        pass
    warm_up()


if os.environ.get(WARM_ENV) == "1":  # imported as the fork server's preload
    os.environ.pop(WARM_ENV, None)
    warm_up()
