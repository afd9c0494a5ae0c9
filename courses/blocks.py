"""Blocks of a lesson body. The quiz keeps its right answers on the server: templates never
render `correct`, and `courses.services.quiz_submit` does the scoring."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock
from wagtailmedia.blocks import AudioChooserBlock, VideoChooserBlock

from media.blocks import H5PBlock


class PictureBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Picture")
        template = "courses/blocks/picture.html"


class AudioBlock(blocks.StructBlock):
    audio = AudioChooserBlock()
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "media"
        label = _("Audio")
        template = "courses/blocks/audio.html"


class VideoBlock(blocks.StructBlock):
    video = VideoChooserBlock()
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    label = blocks.CharBlock(required=False, label=_("Link text"))

    class Meta:
        icon = "doc-full"
        label = _("Document to download")
        template = "courses/blocks/document.html"


class KeyPointBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Heading"))
    text = blocks.TextBlock(label=_("Key point"))

    class Meta:
        icon = "warning"
        label = _("Key point")
        template = "courses/blocks/key_point.html"


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"))
    correct = blocks.BooleanBlock(required=False, label=_("This answer is right"))


class QuestionBlock(blocks.StructBlock):
    question = blocks.TextBlock(label=_("Question"))
    answers = blocks.ListBlock(AnswerBlock(), min_num=2, label=_("Answers"))
    explanation = blocks.TextBlock(required=False, label=_("Explanation shown after answering"))

    def clean(self, value):
        value = super().clean(value)
        if not any(answer["correct"] for answer in value["answers"]):
            raise StructBlockValidationError(
                block_errors={"answers": ValidationError(_("Mark at least one answer as right."))}
            )
        return value


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"))
    questions = blocks.ListBlock(QuestionBlock(), min_num=1, label=_("Questions"))

    class Meta:
        icon = "list-ul"
        label = _("Quiz")
        template = "courses/blocks/quiz.html"


class LessonBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "ol", "ul", "link"], label=_("Text"))
    picture = PictureBlock()
    audio = AudioBlock()
    video = VideoBlock()
    document = DocumentBlock()
    key_point = KeyPointBlock()
    quiz = QuizBlock()
    h5p = H5PBlock()


class ToolkitBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "ol", "ul", "link"], label=_("Text"))
    document = DocumentBlock()
    key_point = KeyPointBlock()
